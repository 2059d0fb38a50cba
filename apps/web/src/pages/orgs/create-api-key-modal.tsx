import type { ApiKeyScope } from '@foyer/contracts';
import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateApiKey } from '../../api/org-queries.ts';
import { AlertIcon, CheckIcon, CopyIcon } from '../../components/icons.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useForm } from '../../forms/use-form.ts';
import { makeValidators } from '../../forms/validate.ts';
import { useOrg } from './org-context.ts';
import { SCOPES, scopeKey } from './scopes.ts';

/** The new key, shown once: the server keeps only its hash. */
function CreatedKey({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert
        color="yellow"
        variant="light"
        icon={<AlertIcon />}
        title={t('apiKeys.created.warningTitle')}
        role="alert"
        styles={{ title: { color: 'var(--mantine-color-text)' }, message: { color: 'var(--mantine-color-text)' } }}
      >
        {t('apiKeys.created.warning')}
      </Alert>
      <Stack gap={6}>
        <Text size="sm" fw={500} id="created-key-label">
          {t('apiKeys.created.label')}
        </Text>
        <Code
          block
          aria-labelledby="created-key-label"
          data-testid="created-api-key"
          style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
        >
          {secret}
        </Code>
      </Stack>
      <Group justify="space-between">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'light' : 'filled'}
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
              onClick={copy}
            >
              {copied ? t('apiKeys.created.copied') : t('apiKeys.created.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          {t('apiKeys.created.done')}
        </Button>
      </Group>
    </Stack>
  );
}

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const validators = makeValidators(t);
  const create = useCreateApiKey(org.id);
  const form = useForm({ name: '' });
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['catalog:read']);
  const [scopesError, setScopesError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const close = () => {
    // Forget the secret as soon as the dialog closes.
    create.reset();
    form.setValues({ name: '' });
    form.setErrors({});
    setScopes(['catalog:read']);
    setScopesError(null);
    setFormError(null);
    onClose();
  };

  const submit = form.onSubmit(
    (v) => ({ name: validators.required(v.name) }),
    (v) => {
      if (scopes.length === 0) {
        setScopesError(t('apiKeys.scopesRequired'));
        return;
      }
      setFormError(null);
      create.mutate(
        { name: v.name.trim(), scopes },
        {
          onError: (error) => {
            const { fields, form: message } = problem.fields(error, { fields: ['name'] });
            form.setErrors(fields);
            setFormError(message);
          },
        },
      );
    },
  );

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={create.data ? t('apiKeys.created.title') : t('apiKeys.createTitle')}
      size="lg"
      centered
      // Closing by accident would lose a key that is never shown again.
      closeOnClickOutside={!create.data}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {create.data ? (
        <CreatedKey secret={create.data.key} onDone={close} />
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormAlert message={formError} />
            <TextInput
              label={t('apiKeys.name')}
              description={t('apiKeys.nameHint')}
              required
              data-autofocus
              {...form.field('name')}
            />
            <Checkbox.Group
              label={t('apiKeys.scopes')}
              description={t('apiKeys.scopesHint')}
              value={scopes}
              onChange={(value) => {
                setScopes(value as ApiKeyScope[]);
                setScopesError(null);
              }}
              error={scopesError}
              required
            >
              <Stack gap="sm" mt="xs">
                {SCOPES.map((scope) => (
                  <Checkbox
                    key={scope}
                    value={scope}
                    label={t(`apiKeys.scope.${scopeKey(scope)}.label`)}
                    description={t(`apiKeys.scope.${scopeKey(scope)}.description`)}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('apiKeys.createSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
