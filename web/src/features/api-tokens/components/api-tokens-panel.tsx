import { useState } from 'react';
import type { CreatedApiToken } from '../types';
import { ApiTokenList } from './api-token-list';
import { CreateApiTokenForm } from './create-api-token-form';
import { NewApiToken } from './new-api-token';

/** Create a token (then shown once), and the list of them. */
export function ApiTokensPanel() {
  // Only here, in memory, for as long as the user needs to copy it.
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  return (
    <>
      {created && <NewApiToken token={created} onDismiss={() => setCreated(null)} />}
      <section className="card" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <CreateApiTokenForm onCreated={setCreated} />
      </section>
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        <ApiTokenList />
      </section>
    </>
  );
}
