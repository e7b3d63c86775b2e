-- Inserts :n users (psql -v n=… -v prefix=… -v hash=…) whose emails match what
-- `ttbench seed-users --prefix … --register false` logs in with, all with one password hash.
\set ON_ERROR_STOP on
INSERT INTO users (email, password_hash, created_at)
SELECT :'prefix' || '-' || g || '@bench.example.com', :'hash', now()
FROM generate_series(1, :n) AS g;
