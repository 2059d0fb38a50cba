import { type ChangeEvent, type FormEvent, useCallback, useRef, useState } from 'react';

type Values = Record<string, string>;
export type FieldErrors<V extends Values> = Partial<Record<keyof V, string>>;

/**
 * Just enough form state for our small forms: values, translated error
 * messages per field, and focus on the first invalid field after a failed
 * submit so keyboard and screen-reader users land on the problem.
 */
export function useForm<V extends Values>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrorsState] = useState<FieldErrors<V>>({});
  const formRef = useRef<HTMLFormElement>(null);

  const setErrors = useCallback((next: FieldErrors<V>) => {
    setErrorsState(next);
    if (Object.values(next).some(Boolean)) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    }
  }, []);

  const setValue = useCallback((name: keyof V, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    // An edited field's old error no longer applies.
    setErrorsState((current) => (current[name] ? { ...current, [name]: undefined } : current));
  }, []);

  /** Props for a Mantine text input bound to `name`. */
  const field = (name: keyof V) => ({
    name: String(name),
    value: values[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setValue(name, event.currentTarget.value),
    error: errors[name],
  });

  /** Wraps a submit handler: prevents the page load and runs `validate` first. */
  const onSubmit =
    (validate: (values: V) => FieldErrors<V>, submit: (values: V) => void) => (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const found = validate(values);
      setErrors(found);
      if (!Object.values(found).some(Boolean)) submit(values);
    };

  return { values, setValues, setValue, errors, setErrors, field, onSubmit, formRef };
}
