-- API tokens for scripts: stored only as the SHA-256 of the secret, with their scopes
-- (space-separated names, see src/domain/api_token.rs). Deleting the account deletes them.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL CHECK (scopes <> ''),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
-- The owner's list, newest first.
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);
