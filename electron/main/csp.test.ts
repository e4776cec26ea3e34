import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, contentSecurityPolicyForMeta } from './csp.ts';

describe('contentSecurityPolicy', () => {
  it('is the strict policy for the built page', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('lets the dev page reach the HMR websocket and run the refresh preamble', () => {
    const policy = contentSecurityPolicy('http://localhost:5173/');
    expect(policy).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("default-src 'none'");
  });

  it('leaves frame-ancestors out of the <meta> form, where browsers ignore it', () => {
    expect(contentSecurityPolicyForMeta()).not.toContain('frame-ancestors');
    expect(contentSecurityPolicyForMeta()).toContain("script-src 'self'");
  });
});
