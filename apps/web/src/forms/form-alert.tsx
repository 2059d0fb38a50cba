import { Alert, Text } from '@mantine/core';
import { AlertIcon } from '../components/icons.tsx';

/** A form-level error, announced when it appears. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      icon={<AlertIcon />}
      styles={{ message: { color: 'var(--mantine-color-text)' } }}
    >
      {message}
    </Alert>
  );
}

/** A success or info note, announced politely. */
export function FormNote({ message, color = 'teal' }: { message: string | null | undefined; color?: string }) {
  if (!message) return null;
  return (
    <Alert role="status" color={color} variant="light" styles={{ message: { color: 'var(--mantine-color-text)' } }}>
      {message}
    </Alert>
  );
}

/** A short confirmation next to a form's button ("Saved"); the live region exists before it fills, so it is announced. */
export function SavedNote({ show, message }: { show: boolean; message: string }) {
  return (
    <Text size="sm" c="light-dark(var(--mantine-color-teal-9), var(--mantine-color-teal-4))" fw={500} role="status">
      {show ? message : null}
    </Text>
  );
}
