"""Publishing rendered files: GitHub (Git Data API) in the cloud, a local git repository otherwise."""

from jobboard.publish.base import PublishError, Publisher, PublishResult, git_blob_sha

__all__ = ["PublishError", "PublishResult", "Publisher", "git_blob_sha"]
