import { FoyerApiError, isAddressConfirmationSent } from '@foyer/client';
import type { AddressConfirmationSent, Registration, RegistrationForm } from '@foyer/contracts';
import { Alert, Anchor, Button, Checkbox, Grid, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useRegister, useRegistrationForm } from '../../api/registration-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { withNext } from '../../auth/redirect.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useLocale } from '../../i18n/locale.ts';
import { AnswerField, type AnswerValue, emptyAnswer, isMissing } from '../registrations/answer-field.tsx';
import { RegistrationConfirmation } from '../registrations/registration-confirmation.tsx';
import { REQUIREMENTS, registrationFieldMapping } from '../registrations/registration-problem.ts';
import { AddressConfirmationNotice } from './address-confirmation-notice.tsx';
import { useEventContext } from './event-context.ts';
import { LostLinkForm } from './lost-link-form.tsx';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `/e/:orgSlug/:eventSlug/register`: the registration form, then the confirmation with the ticket. */
export function RegisterPage() {
  const { t } = useTranslation();
  const { event } = useEventContext();
  usePageTitle(t('registration.form.pageTitle', { event: event.name }));
  const form = useRegistrationForm(event.id);
  const [done, setDone] = useState<Registration | AddressConfirmationSent | null>(null);
  const { user } = useAuth();

  useEffect(() => {
    if (done) document.getElementById('registration-result')?.focus();
  }, [done]);

  return (
    <Grid gutter="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          {done && isAddressConfirmationSent(done) ? (
            <AddressConfirmationNotice sent={done} />
          ) : done ? (
            <Stack gap="md">
              <RegistrationConfirmation registration={done} eventName={event.name} />
              <MyRegistrationsLink />
            </Stack>
          ) : form.isPending ? (
            <QueryLoading />
          ) : form.isError ? (
            <QueryError error={form.error} onRetry={() => void form.refetch()} />
          ) : (
            <RegisterForm form={form.data} onDone={setDone} />
          )}
        </Paper>
      </Grid.Col>
      {done || user ? null : (
        <Grid.Col span={{ base: 12, md: 4 }}>
          <LostLinkForm eventId={event.id} />
        </Grid.Col>
      )}
    </Grid>
  );
}

function MyRegistrationsLink() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user) return <Text size="sm">{t('registration.confirmation.guestHint')}</Text>;
  return (
    <Anchor component={Link} to="/account/registrations" size="sm">
      {t('registration.mine.link')}
    </Anchor>
  );
}

/** Where registration stands: not open yet, closed, full (with or without a waiting list), seats left. */
function StateNote({ form }: { form: RegistrationForm }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const when = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
  if (form.state === 'not_yet_open') {
    return <Alert color="blue">{t('registration.form.notYetOpen', { when: when(form.opensAt) })}</Alert>;
  }
  if (form.state === 'closed') return <Alert color="gray">{t('registration.form.closed')}</Alert>;
  if (form.state === 'full' && form.waitlist) {
    return (
      <Alert color="yellow" data-testid="registration-state">
        {t('registration.form.fullWaitlist')}
      </Alert>
    );
  }
  if (form.state === 'full') {
    return (
      <Alert color="red" data-testid="registration-state">
        {t('registration.form.full')}
      </Alert>
    );
  }
  if (form.remaining !== null) {
    return (
      <Text size="sm" c="dimmed" data-testid="registration-state">
        {t('registration.form.seatsLeft', { count: form.remaining })}
      </Text>
    );
  }
  return null;
}

type Errors = Record<string, string | undefined>;

/** The answers given: empty texts and choices are left out (optional questions), checkboxes always count. */
function answered(answers: Record<string, AnswerValue>): Record<string, AnswerValue> {
  return Object.fromEntries(
    Object.entries(answers).filter(([, v]) =>
      typeof v === 'boolean' ? true : Array.isArray(v) ? v.length > 0 : v.trim() !== '',
    ),
  );
}

function RegisterForm({
  form,
  onDone,
}: {
  form: RegistrationForm;
  onDone: (r: Registration | AddressConfirmationSent) => void;
}) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const problem = useProblem();
  const register = useRegister(form.eventId);
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>(() =>
    Object.fromEntries(form.questions.map((q) => [q.id, emptyAnswer(q)])),
  );
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // One key per submission attempt: the same body sent again (a retry) reuses it, so it never registers twice.
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (user) {
      setEmail(user.email);
      setName((current) => current || user.name);
    }
  }, [user]);

  const open = form.state === 'open' || (form.state === 'full' && form.waitlist);
  const joinsWaitlist = form.state === 'full' && form.waitlist;
  if (!open) return <StateNote form={form} />;
  if (!form.guestsAllowed && !user) {
    return (
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('registration.form.title')}
        </Title>
        <StateNote form={form} />
        <Text>{t('registration.form.signInRequired')}</Text>
        <Button component={Link} to={withNext('/login', location.pathname)} w="fit-content">
          {t('registration.form.signIn')}
        </Button>
      </Stack>
    );
  }

  const clearError = (field: string) =>
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  const focusFirstError = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const validate = (): Errors => {
    const found: Errors = {};
    if (!user) {
      if (!name.trim()) found.name = t('validation.required');
      if (!EMAIL_PATTERN.test(email.trim())) found.email = t('validation.email');
    }
    for (const q of form.questions)
      if (isMissing(q, answers[q.id])) found[q.id] = t('registration.form.answerRequired');
    if (form.requirements.some((r) => !acknowledged.includes(r.key))) {
      found[REQUIREMENTS] = t('registration.form.acknowledgeAll');
    }
    return found;
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFormError(null);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) return focusFirstError();
    const body = {
      ...(user ? {} : { email: email.trim() }),
      ...(name.trim() ? { name: name.trim() } : {}),
      answers: answered(answers),
      acknowledgedRequirements: acknowledged,
    };
    const serialized = JSON.stringify(body);
    if (attempt.current?.body !== serialized) attempt.current = { key: crypto.randomUUID(), body: serialized };
    register.mutate(
      { body, key: attempt.current.key },
      {
        onSuccess: onDone,
        onError: (error) => {
          const { fields, form: rest } = problem.fields(error, registrationFieldMapping(form));
          setErrors(fields);
          setFormError(rest);
          // A different answer next time is a new attempt; a failed call keeps its key for an identical retry.
          if (error instanceof FoyerApiError && error.status < 500) attempt.current = null;
          focusFirstError();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate ref={formRef} aria-labelledby="register-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="register-heading">
          {joinsWaitlist ? t('registration.form.waitlistTitle') : t('registration.form.title')}
        </Title>
        <StateNote form={form} />
        {form.approvalRequired ? (
          <Text size="sm" c="dimmed">
            {t('registration.form.approvalNote')}
          </Text>
        ) : null}
        {form.confirmAddress && !user ? (
          <Text size="sm" c="dimmed" data-testid="confirm-address-note">
            {t('registration.form.confirmAddressNote')}
          </Text>
        ) : null}
        <TextInput
          label={t('registration.form.name')}
          name="name"
          autoComplete="name"
          withAsterisk={!user}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            clearError('name');
          }}
          error={errors.name}
          aria-invalid={errors.name ? true : undefined}
        />
        <TextInput
          label={t('registration.form.email')}
          name="email"
          type="email"
          autoComplete="email"
          withAsterisk={!user}
          value={email}
          readOnly={Boolean(user)}
          description={user ? t('registration.form.emailFixed') : undefined}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            clearError('email');
          }}
          error={errors.email}
          aria-invalid={errors.email ? true : undefined}
        />
        {form.questions.map((q) => (
          <AnswerField
            key={q.id}
            question={q}
            value={answers[q.id] ?? emptyAnswer(q)}
            error={errors[q.id]}
            onChange={(value) => {
              setAnswers((current) => ({ ...current, [q.id]: value }));
              clearError(q.id);
            }}
          />
        ))}
        {form.requirements.length > 0 ? (
          <Checkbox.Group
            label={t('registration.form.requirements')}
            description={t('registration.form.requirementsLead')}
            withAsterisk
            value={acknowledged}
            onChange={(value) => {
              setAcknowledged(value);
              clearError(REQUIREMENTS);
            }}
            error={errors[REQUIREMENTS]}
          >
            <Stack gap="xs" mt="xs">
              {form.requirements.map((r) => (
                <Checkbox
                  key={r.id}
                  value={r.key}
                  label={r.label}
                  description={r.description || undefined}
                  aria-invalid={errors[REQUIREMENTS] && !acknowledged.includes(r.key) ? true : undefined}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : null}
        <FormAlert message={formError} />
        <Button type="submit" loading={register.isPending} w={{ base: '100%', sm: 'fit-content' }}>
          {joinsWaitlist ? t('registration.form.joinWaitlist') : t('registration.form.submit')}
        </Button>
      </Stack>
    </form>
  );
}
