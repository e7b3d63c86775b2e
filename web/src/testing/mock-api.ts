import { AxiosError, type AxiosAdapter, type AxiosResponse } from 'axios';
import { apiClient, setAccessToken } from '@/lib/api-client';

/** One request as the fake server saw it. */
export type RecordedRequest = {
  method: string;
  url: string;
  authorization: string | null;
  /** The If-Match header, e.g. `"3"`. */
  ifMatch: string | null;
  body: unknown;
  params: unknown;
};

export type MockReply = {
  status: number;
  data?: unknown;
  headers?: Record<string, string>;
};

export type MockHandler = (request: RecordedRequest) => MockReply | Promise<MockReply>;

const realAdapter = apiClient.defaults.adapter;

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function apiError(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): MockReply {
  return { status, data: { error: { code, message, ...(fields ? { fields } : {}) } } };
}

export const unauthorized = (): MockReply => ({
  ...apiError(401, 'unauthorized', 'Authentication required.'),
  headers: { 'www-authenticate': 'Bearer' },
});

/**
 * Answers the API client's requests from `routes`, keyed "METHOD /path" (path without the
 * /api/v1 base), through a real axios adapter so the client's interceptors run unchanged.
 */
export function mockApi(routes: Record<string, MockHandler>): { calls: RecordedRequest[] } {
  const calls: RecordedRequest[] = [];
  const adapter: AxiosAdapter = async (config) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const authorization = config.headers.get('Authorization');
    const ifMatch = config.headers.get('If-Match');
    const body: unknown = typeof config.data === 'string' ? JSON.parse(config.data) : config.data;
    const request: RecordedRequest = {
      method,
      url,
      authorization: typeof authorization === 'string' ? authorization : null,
      ifMatch: typeof ifMatch === 'string' ? ifMatch : null,
      body,
      params: config.params,
    };
    calls.push(request);
    const handler = routes[`${method} ${url}`];
    const reply = handler
      ? await handler(request)
      : apiError(404, 'not_found', `No mock for ${method} ${url}`);
    const response: AxiosResponse = {
      data: reply.data ?? '',
      status: reply.status,
      statusText: String(reply.status),
      headers: reply.headers ?? {},
      config,
      request: {},
    };
    if (!config.validateStatus || config.validateStatus(reply.status)) return response;
    throw new AxiosError(
      `Request failed with status code ${reply.status}`,
      reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
      config,
      {},
      response,
    );
  };
  apiClient.defaults.adapter = adapter;
  return { calls };
}

export function resetApi(): void {
  apiClient.defaults.adapter = realAdapter;
  setAccessToken(null);
}
