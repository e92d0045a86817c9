"""DynamoDB adapters: the postings table (streamed) and the boards table (stats and board views)."""
