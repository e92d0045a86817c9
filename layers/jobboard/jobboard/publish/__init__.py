"""Publishing rendered files: GitHub (Git Data API) in the cloud, a local git repository otherwise."""

from jobboard.publish.base import BranchMoved, PublishError, Publisher, PublishResult, git_blob_sha

__all__ = ["BranchMoved", "PublishError", "PublishResult", "Publisher", "git_blob_sha"]
