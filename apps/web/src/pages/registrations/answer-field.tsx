import type { Question } from '@foyer/contracts';
import { Checkbox, Radio, Stack, Textarea, TextInput } from '@mantine/core';

export type AnswerValue = string | string[] | boolean;

/** The empty answer of a question of each kind. */
export function emptyAnswer(q: Question): AnswerValue {
  if (q.kind === 'multiple_choice') return [];
  if (q.kind === 'checkbox') return false;
  return '';
}

/** Whether a required question still lacks an answer (a required checkbox must be ticked). */
export function isMissing(q: Question, value: AnswerValue | undefined): boolean {
  if (!q.required) return false;
  if (q.kind === 'checkbox') return value !== true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value !== 'string' || value.trim() === '';
}

interface AnswerFieldProps {
  question: Question;
  value: AnswerValue;
  onChange: (value: AnswerValue) => void;
  error?: string | undefined;
}

/** One custom question as the form control of its kind, with its required mark and error. */
export function AnswerField({ question: q, value, onChange, error }: AnswerFieldProps) {
  const common = {
    label: q.label,
    description: q.help || undefined,
    withAsterisk: q.required,
    error,
  };
  if (q.kind === 'short_text') {
    return (
      <TextInput
        {...common}
        name={`answer-${q.id}`}
        value={String(value)}
        maxLength={200}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
      />
    );
  }
  if (q.kind === 'long_text') {
    return (
      <Textarea
        {...common}
        name={`answer-${q.id}`}
        value={String(value)}
        maxLength={5000}
        autosize
        minRows={3}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
      />
    );
  }
  if (q.kind === 'single_choice') {
    return (
      <Radio.Group {...common} value={String(value)} onChange={onChange}>
        <Stack gap={6} mt={6}>
          {q.options.map((option) => (
            <Radio key={option} value={option} label={option} aria-invalid={error ? true : undefined} />
          ))}
        </Stack>
      </Radio.Group>
    );
  }
  if (q.kind === 'multiple_choice') {
    return (
      <Checkbox.Group {...common} value={Array.isArray(value) ? value : []} onChange={onChange}>
        <Stack gap={6} mt={6}>
          {q.options.map((option) => (
            <Checkbox key={option} value={option} label={option} aria-invalid={error ? true : undefined} />
          ))}
        </Stack>
      </Checkbox.Group>
    );
  }
  return (
    <Checkbox
      label={q.label}
      description={q.help || undefined}
      required={q.required}
      error={error}
      checked={value === true}
      onChange={(e) => onChange(e.currentTarget.checked)}
      aria-invalid={error ? true : undefined}
    />
  );
}
