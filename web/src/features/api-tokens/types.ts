// Written by hand from the contract (/work/shared/API.md, "Account recovery, API tokens, calendar
// feed, export"): the server's /users/me/api-tokens routes are not in openapi.gen.ts yet. Once they
// are, these become names for the generated schemas, like src/types/api.ts's.
import type { Timestamp } from '@/types/api';

/** Every scope a token can carry; a `:write` scope includes its `:read`. */
export const API_TOKEN_SCOPES = [
  'tasks:read',
  'tasks:write',
  'projects:read',
  'projects:write',
  'notifications:read',
  'notifications:write',
  'account:export',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** One entry of GET /users/me/api-tokens. */
export type ApiToken = {
  id: number;
  name: string;
  scopes: ApiTokenScope[];
  created_at: Timestamp;
  /** Null: it never expires. */
  expires_at: Timestamp | null;
  /** Null: never used. May lag by up to a minute. */
  last_used_at: Timestamp | null;
};

export type ApiTokenList = { items: ApiToken[] };

/** The body of POST /users/me/api-tokens: `name` 1–100 characters, `expires_in_days` 1–3650. */
export type CreateApiTokenInput = {
  name: string;
  scopes: ApiTokenScope[];
  expires_in_days?: number;
};

/** POST's answer: the token itself (`tt_…`), shown this once and never again. */
export type CreatedApiToken = ApiToken & { token: string };
