import type { Question } from '@foyer/contracts';
import { describe, expect, it } from 'vitest';
import { emptyAnswer, isMissing } from './answer-field.tsx';
import { groupedCode } from './registration-confirmation.tsx';

const question = (kind: Question['kind'], required: boolean): Question => ({
  id: '00000000-0000-4000-8000-000000000001',
  eventId: '00000000-0000-4000-8000-000000000002',
  label: 'Q',
  help: '',
  kind,
  required,
  options: ['a', 'b'],
  sortOrder: 0,
  createdAt: '',
  updatedAt: '',
});

describe('answers of the registration form', () => {
  it('starts each kind with its empty answer', () => {
    expect(emptyAnswer(question('short_text', false))).toBe('');
    expect(emptyAnswer(question('multiple_choice', false))).toEqual([]);
    expect(emptyAnswer(question('checkbox', false))).toBe(false);
  });

  it('finds required answers missing: blank text, no choice, an unticked consent box', () => {
    expect(isMissing(question('short_text', true), '  ')).toBe(true);
    expect(isMissing(question('short_text', true), 'x')).toBe(false);
    expect(isMissing(question('single_choice', true), '')).toBe(true);
    expect(isMissing(question('multiple_choice', true), [])).toBe(true);
    expect(isMissing(question('multiple_choice', true), ['a'])).toBe(false);
    expect(isMissing(question('checkbox', true), false)).toBe(true);
    expect(isMissing(question('checkbox', true), true)).toBe(false);
    expect(isMissing(question('long_text', false), '')).toBe(false);
  });

  it('shows a ticket code in groups of four', () => {
    expect(groupedCode('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
