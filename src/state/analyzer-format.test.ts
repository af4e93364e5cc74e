import { describe, expect, it } from 'vitest';
import { analyze } from '../lib/analyze.ts';
import { noticeText } from './analyzer-format.ts';

describe('noticeText', () => {
  it('says the engine’s notices in Chinese, with their numbers', () => {
    const long = normalNotices(`${'x'.repeat(9000)}\n`);
    expect(noticeText('zh', long[0]!)).toBe('第 1 行超过 8192 个字符，已被截断。');
    expect(noticeText('en', long[0]!)).toBe('Line 1 is longer than 8192 characters and was cut.');
    expect(noticeText('zh', normalNotices('')[0]!)).toBe('输入为空。');
  });
  it('falls back to the English sentence for a notice it has no words for', () => {
    const n = { level: 'error' as const, code: 'internal-error', message: 'The crash parser failed on this input: x' };
    expect(noticeText('zh', n)).toBe(n.message);
  });
  it('adds the line when the sentence does not name it', () => {
    const n = { level: 'warning' as const, code: 'other', message: 'Something odd.', line: 12 };
    expect(noticeText('en', n)).toBe('Something odd. (line 12)');
  });
});

function normalNotices(text: string) {
  return analyze(text).input.notices;
}
