/**
 * The console against the API in production mode: no GraphiQL, no introspection, no development
 * identities, tokens only from the identity provider — signed in through OpenID Connect with
 * PKCE against a provider run by the test, and working on the committed schema alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider.ts';
import { cspViolations, fourEyesCaseInReview, startConsoleStack, watchedPage, type ConsoleStack } from './support/stack.ts';

const CLIENT_ID = 'qyzmet-console';
let idp: OidcProvider;
let stack: ConsoleStack;

beforeAll(async () => {
  idp = await startOidcProvider({ clientId: CLIENT_ID, audience: 'qyzmet-api' });
  stack = await startConsoleStack({
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: '', // production verifies the provider's keys only
      JWKS_URL: `${idp.issuer}/jwks`,
      JWT_ISSUER: idp.issuer,
      JWT_AUDIENCE: 'qyzmet-api',
      DATABASE_URL: 'postgresql://unused@127.0.0.1:5432/unused', // the stack passes its own database
      SIGNING_KEY_FILE: '/run/secrets/unused-by-the-api.pem',
      CONSOLE_OIDC_ISSUER: idp.issuer,
      CONSOLE_OIDC_CLIENT_ID: CLIENT_ID,
      CONSOLE_OIDC_SCOPE: 'openid profile',
    },
  });
  idp.register(`${stack.consoleUrl}callback`);
});

afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

describe('the console with the API in production mode', () => {
  it('runs with GraphiQL, introspection and development identities off', async () => {
    expect(stack.config.production).toBe(true);
    const graphiql = await fetch(stack.api.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).not.toMatch(/graphiql/i);
    const introspection = await stack.gql({}, '{ __schema { types { name } } }');
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    // An API key cannot even send it: it is no trusted document.
    const byKey = await stack.gql({ 'x-api-key': stack.apiKey }, '{ __schema { types { name } } }');
    expect(byKey.body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_NOT_TRUSTED');
    expect((await fetch(`${stack.consoleUrl}dev-identities`)).status).toBe(404);
    const config = await (await fetch(`${stack.consoleUrl}config.json`)).json();
    expect(config).toEqual({ graphqlPath: '/graphql', defaultLanguage: 'kk', production: true, devIdentities: false, oidc: { issuer: idp.issuer, clientId: CLIENT_ID, scope: 'openid profile' } });
    const csp = (await fetch(stack.consoleUrl)).headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ${idp.issuer}`);
  });

  it('signs an officer in with the authorization code flow and PKCE (a code works once), and works the inbox on the committed schema', async () => {
    const { caseId, taskId } = await fourEyesCaseInReview(stack, { timing: null });
    idp.signInAs({ sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments' });
    const page = await watchedPage(stack);
    await page.goto(`${stack.consoleUrl}?filter=MY_GROUPS`);
    await page.locator('.lang-switch button[lang=en]').click();
    // Production offers the identity provider only.
    expect(await page.locator('button.identity').count()).toBe(0);
    expect(await page.getByLabel('Staff token (JWT)').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();

    await page.locator('[data-viewer="officer-aigerim"]').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/console/?filter=MY_GROUPS');
    await page.locator(`tr[data-task-id="${taskId}"]`).waitFor();

    // What the provider saw: a code request with an S256 challenge, and one exchange that proved it.
    const asked = idp.authorizations.at(-1)!;
    expect(Object.fromEntries(asked)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${stack.consoleUrl}callback`,
      code_challenge_method: 'S256',
      scope: 'openid profile',
    });
    expect(asked.get('state')!.length).toBeGreaterThanOrEqual(43);
    expect(asked.get('nonce')!.length).toBeGreaterThanOrEqual(43);
    const exchange = idp.exchanges.at(-1)!;
    expect(exchange.status).toBe(200);
    expect(exchange.params.get('code_verifier')!.length).toBeGreaterThanOrEqual(43);
    // Replaying that exchange: the code is spent.
    const again = await fetch(`${idp.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: exchange.params });
    expect(again.status).toBe(400);
    // The token stays in this tab only.
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('qyzmet.session') ?? '{}').source)).toBe('oidc');
    expect(await page.evaluate(() => Object.keys(localStorage))).not.toContain('qyzmet.session');

    // The officer works the case through the API, which verified the provider's token.
    await page.locator(`tr[data-task-id="${taskId}"] a.case-link`).click();
    await page.locator(`.case-page[data-case-id="${caseId}"]`).waitFor();
    await page.locator('article.task-card').getByRole('button', { name: 'Claim' }).click();
    await page.locator('article.task-card').getByText('Claimed by you').waitFor();
    expect(cspViolations(page)).toEqual([]);
    await page.close();
  });

  it('refuses an answer that does not belong to the sign-in it started (state)', async () => {
    const page = await watchedPage(stack);
    await page.goto(stack.consoleUrl);
    await page.locator('.lang-switch button[lang=en]').click();
    // Someone else's answer arriving in a tab with no sign-in under way.
    await page.goto(`${stack.consoleUrl}callback?code=forged&state=forged`);
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('no sign-in was started in this tab');

    // A sign-in under way, answered with another state (as a forged redirect would be).
    await page.goto(stack.consoleUrl);
    await page.route(`${idp.issuer}/authorize**`, (route) => route.fulfill({ status: 302, headers: { location: `${stack.consoleUrl}callback?code=forged&state=not-the-one-sent` } }));
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.getByRole('alert').filter({ hasText: 'state mismatch' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('qyzmet.session'))).toBeNull();
    await page.close();
  });
});
