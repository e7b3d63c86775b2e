// Names for the API token schemas generated from the server's OpenAPI document (openapi.gen.ts).
import { scopeValues, type components } from '@/types/openapi.gen';

type Schemas = components['schemas'];

/** Every scope a token can carry; a `:write` scope includes its `:read`. */
export const API_TOKEN_SCOPES = scopeValues;
export type ApiTokenScope = Schemas['Scope'];

/** One entry of GET /users/me/api-tokens (`expires_at` null: never expires; `last_used_at` may lag a minute). */
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenList = Schemas['ApiTokenList'];

/** The body of POST /users/me/api-tokens: `name` 1–100 characters, `expires_in_days` 1–3650. */
export type CreateApiTokenInput = Schemas['NewApiToken'];

/** POST's answer: the token itself (`tt_…`), shown this once and never again. */
export type CreatedApiToken = Schemas['CreatedApiToken'];
