import { describe, expect, it } from 'vitest';
import { familyInput } from '../domain/records.ts';
import { characterCount, isStorable, storableText, textFault } from './valid-text.ts';

describe('textFault: what text the app accepts', () => {
  it('refuses U+0000, other control characters and unpaired surrogates', () => {
    for (const bad of [
      '\u0000',
      'a\u0000',
      '\u0001',
      '\u0008',
      '\u000b',
      '\u000c',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u009f',
    ]) {
      expect(textFault(bad), JSON.stringify(bad)).toBe('control_character');
    }
    for (const bad of ['\ud800', 'a\ud83d', '\udc00', '\ud83d\ud83d', 'x\ude00y', '😀\ud800']) {
      expect(textFault(bad), JSON.stringify(bad)).toBe('lone_surrogate');
    }
  });

  it('accepts tabs, line breaks, right-to-left and other format marks, emoji, 𠮷 and combining marks', () => {
    for (const good of [
      '',
      '改行\n\r\nタブ\t',
      '\u200fשלום\u200e',
      '\u202eabc\u202c\u2066x\u2069',
      '👨‍👩‍👧‍👦🇯🇵',
      '𠮷野家',
      'e\u0301',
      '\u00a0ノーブレーク',
      '\ufeff',
    ]) {
      expect(textFault(good), JSON.stringify(good)).toBeNull();
    }
  });

  it('counts characters, not UTF-16 units', () => {
    expect(characterCount('𠮷')).toBe(1);
    expect(characterCount('あ𠮷a')).toBe(3);
    expect(characterCount('😀'.repeat(50_000))).toBe(50_000);
  });
});

describe('isStorable / storableText: what PostgreSQL can hold', () => {
  it('finds U+0000 and unpaired surrogates anywhere in an operation, keys included', () => {
    expect(isStorable({ a: ['ok', { b: 'ベル\u0007' }], n: 1, z: null })).toBe(true);
    expect(isStorable({ a: ['ok', { b: 'x\u0000' }] })).toBe(false);
    expect(isStorable({ a: { 'k\ud800': 1 } })).toBe(false);
    expect(isStorable('\u0001\ud800')).toBe(false);
  });

  it('makes diagnostics storable without touching good text', () => {
    expect(storableText('a\u0000b\ud800c𠮷')).toBe('a\\u0000b\ufffdc𠮷');
    expect(isStorable(storableText('\udc00\u0000'))).toBe(true);
  });
});

describe('the input schemas use the rule', () => {
  const base = { familyName: '山田', familyNameKana: 'やまだ' };
  it('refuses bad text in any field with validation.textInvalid', () => {
    for (const [field, value] of [
      ['notes', 'a\u0000'],
      ['familyName', '山\ud800田'],
      ['homeCity', '町\u0007'],
      ['referralSource', '\u009b'],
    ] as const) {
      const parsed = familyInput.safeParse({ ...base, [field]: value });
      expect(parsed.success, field).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({ message: 'validation.textInvalid', path: [field] });
    }
  });

  it('accepts 50,000 characters of notes, counted as characters', () => {
    const notes = '𠮷'.repeat(50_000);
    expect(familyInput.safeParse({ ...base, notes }).success).toBe(true);
    expect(familyInput.safeParse({ ...base, notes: `${notes}あ` }).error?.issues[0]?.message).toBe(
      'validation.tooLong',
    );
  });
});
