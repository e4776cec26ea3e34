import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from './channels.ts';
import { contract } from './contract.ts';

// The preload may only import the dependency-free name lists; they must say exactly what the contract
// (merged from the per-domain modules) says. contract.ts proves the same at compile time.
describe('IPC name lists', () => {
  it('lists every channel of the contract once, and nothing else', () => {
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  it('lists each event once', () => {
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
  });
});
