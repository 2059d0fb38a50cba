import type { OrgRole } from '@foyer/contracts';
import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInviteMember } from '../../api/org-queries.ts';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { useOrg } from './org-context.ts';
import { assignableRoles } from './roles.ts';

export function InviteForm() {
  const { t } = useTranslation();
  const { org, isOwner } = useOrg();
  const problem = useProblem();
  const validators = makeValidators(t);
  const invite = useInviteMember(org.id);
  const form = useForm({ email: '', role: 'organizer' });
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = form.onSubmit(
    (v) => ({ email: validators.email(v.email) }),
    (v) => {
      setFormError(null);
      setDone(null);
      invite.mutate(
        { email: v.email.trim(), role: v.role as OrgRole },
        {
          onSuccess: (member) => {
            // Everyone gets an invitation: with an account they accept it, without one they sign up from it.
            setDone(t('members.invite.sent', { email: member.email }));
            form.setValue('email', '');
          },
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, {
              fields: ['email', 'role'],
              codes: { ALREADY_MEMBER: 'email' },
            });
            form.setErrors(fields);
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <FormNote message={done} />
        <Group align="flex-start" gap="md" wrap="wrap">
          <TextInput
            label={t('members.invite.email')}
            type="email"
            autoComplete="off"
            required
            style={{ flex: '1 1 260px' }}
            {...form.field('email')}
          />
          <NativeSelect
            label={t('members.role')}
            data={assignableRoles(isOwner).map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            style={{ flex: '0 1 200px' }}
            {...form.field('role')}
          />
          <Button type="submit" loading={invite.isPending} mt={{ base: 0, sm: 25 }}>
            {t('members.invite.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
