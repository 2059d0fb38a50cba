import type { Event, Question, QuestionKind, Requirement } from '@foyer/contracts';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDeleteQuestion,
  useDeleteRequirement,
  useQuestions,
  useRequirements,
  useSaveQuestion,
  useSaveRequirement,
} from '../../api/registration-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';

const KINDS: QuestionKind[] = ['short_text', 'long_text', 'single_choice', 'multiple_choice', 'checkbox'];
const REQUIREMENT_KINDS = ['equipment', 'skill', 'accessibility', 'other'] as const;
const hasOptions = (kind: QuestionKind) => kind === 'single_choice' || kind === 'multiple_choice';

/** The console's "Questions" tab: what the registration form asks and the requirements people must acknowledge. */
export function QuestionsTab({ event, canManage }: { event: Event; canManage: boolean }) {
  return (
    <Stack gap="xl">
      <QuestionsSection eventId={event.id} canManage={canManage} />
      <RequirementsSection eventId={event.id} canManage={canManage} />
    </Stack>
  );
}

function QuestionsSection({ eventId, canManage }: { eventId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const questions = useQuestions(eventId);
  const remove = useDeleteQuestion(eventId);
  const [editing, setEditing] = useState<{ question: Question | null } | null>(null);
  const [deleting, setDeleting] = useState<Question | null>(null);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('registration.questions.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('registration.questions.lead')}
          </Text>
        </Stack>
        {canManage ? (
          <Button onClick={() => setEditing({ question: null })}>{t('registration.questions.add')}</Button>
        ) : null}
      </Group>
      {questions.isPending ? (
        <QueryLoading />
      ) : questions.isError ? (
        <QueryError error={questions.error} onRetry={() => void questions.refetch()} />
      ) : questions.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('registration.questions.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" data-testid="questions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('registration.questions.fields.label')}</Table.Th>
                <Table.Th scope="col">{t('registration.questions.fields.kind')}</Table.Th>
                <Table.Th scope="col">{t('registration.questions.fields.required')}</Table.Th>
                {canManage ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {questions.data.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {q.label}
                    </Text>
                    {q.options.length > 0 ? (
                      <Text size="xs" c="dimmed">
                        {q.options.join(' · ')}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`registration.questions.kinds.${q.kind}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {q.required ? <Badge variant="light">{t('registration.questions.required')}</Badge> : '—'}
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing({ question: q })}>
                          {t('registration.editor.edit')}
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(q)}>
                          {t('registration.editor.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing ? (
        <QuestionModal
          eventId={eventId}
          question={editing.question}
          nextOrder={questions.data?.length ?? 0}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('registration.questions.deleteTitle')}
        confirmLabel={t('registration.editor.delete')}
        loading={remove.isPending}
        error={remove.isError ? problem.text(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {deleting ? t('registration.questions.deleteBody', { label: deleting.label }) : null}
      </ConfirmDialog>
    </Stack>
  );
}

function QuestionModal(props: { eventId: string; question: Question | null; nextOrder: number; onClose: () => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const save = useSaveQuestion(props.eventId);
  const q = props.question;
  const [label, setLabel] = useState(q?.label ?? '');
  const [help, setHelp] = useState(q?.help ?? '');
  const [kind, setKind] = useState<QuestionKind>(q?.kind ?? 'short_text');
  const [required, setRequired] = useState(q?.required ?? false);
  const [options, setOptions] = useState((q?.options ?? []).join('\n'));
  const [errors, setErrors] = useState<{ label?: string; options?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    const found = {
      label: label.trim() ? undefined : t('validation.required'),
      options: hasOptions(kind) && list.length === 0 ? t('registration.questions.optionsRequired') : undefined,
    };
    setErrors(found);
    if (found.label || found.options) return;
    const body = {
      label: label.trim(),
      help,
      kind,
      required,
      options: hasOptions(kind) ? list : [],
      ...(q ? {} : { sortOrder: props.nextOrder }),
    };
    save.mutate(
      { id: q?.id ?? null, body },
      {
        onSuccess: props.onClose,
        onError: (error) => {
          const { fields, form } = problem.fields(error, { fields: ['label', 'options'] });
          setErrors(fields);
          setFormError(form);
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={q ? t('registration.questions.editTitle') : t('registration.questions.addTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('registration.questions.fields.label')}
            withAsterisk
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={errors.label}
            data-autofocus
          />
          <TextInput
            label={t('registration.questions.fields.help')}
            value={help}
            onChange={(e) => setHelp(e.currentTarget.value)}
          />
          <Select
            label={t('registration.questions.fields.kind')}
            data={KINDS.map((k) => ({ value: k, label: t(`registration.questions.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as QuestionKind)}
            allowDeselect={false}
          />
          {hasOptions(kind) ? (
            <Textarea
              label={t('registration.questions.fields.options')}
              description={t('registration.questions.optionsHint')}
              withAsterisk
              autosize
              minRows={3}
              value={options}
              onChange={(e) => setOptions(e.currentTarget.value)}
              error={errors.options}
            />
          ) : null}
          <Checkbox
            label={t('registration.questions.fields.required')}
            checked={required}
            onChange={(e) => setRequired(e.currentTarget.checked)}
          />
          <FormAlert message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('registration.editor.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RequirementsSection({ eventId, canManage }: { eventId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const requirements = useRequirements(eventId);
  const remove = useDeleteRequirement(eventId);
  const [editing, setEditing] = useState<{ requirement: Requirement | null } | null>(null);
  const [deleting, setDeleting] = useState<Requirement | null>(null);
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('registration.requirements.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('registration.requirements.lead')}
          </Text>
        </Stack>
        {canManage ? (
          <Button onClick={() => setEditing({ requirement: null })}>{t('registration.requirements.add')}</Button>
        ) : null}
      </Group>
      {requirements.isPending ? (
        <QueryLoading />
      ) : requirements.isError ? (
        <QueryError error={requirements.error} onRetry={() => void requirements.refetch()} />
      ) : requirements.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('registration.requirements.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" data-testid="requirements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('registration.requirements.fields.label')}</Table.Th>
                <Table.Th scope="col">{t('registration.requirements.fields.key')}</Table.Th>
                <Table.Th scope="col">{t('registration.requirements.fields.kind')}</Table.Th>
                {canManage ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requirements.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {r.label}
                    </Text>
                    {r.description ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {r.description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <code>{r.key}</code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`registration.requirements.kinds.${r.kind}`)}</Text>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing({ requirement: r })}>
                          {t('registration.editor.edit')}
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(r)}>
                          {t('registration.editor.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing ? (
        <RequirementModal
          eventId={eventId}
          requirement={editing.requirement}
          nextOrder={requirements.data?.length ?? 0}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('registration.requirements.deleteTitle')}
        confirmLabel={t('registration.editor.delete')}
        loading={remove.isPending}
        error={remove.isError ? problem.text(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {deleting ? t('registration.requirements.deleteBody', { label: deleting.label }) : null}
      </ConfirmDialog>
    </Stack>
  );
}

function RequirementModal(props: {
  eventId: string;
  requirement: Requirement | null;
  nextOrder: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const problem = useProblem();
  const save = useSaveRequirement(props.eventId);
  const r = props.requirement;
  const [label, setLabel] = useState(r?.label ?? '');
  const [key, setKey] = useState(r?.key ?? '');
  const [description, setDescription] = useState(r?.description ?? '');
  const [kind, setKind] = useState<Requirement['kind']>(r?.kind ?? 'equipment');
  const [errors, setErrors] = useState<{ label?: string; key?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      label: label.trim() ? undefined : t('validation.required'),
      key: /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(key) ? undefined : t('registration.requirements.keyHint'),
    };
    setErrors(found);
    if (found.label || found.key) return;
    save.mutate(
      {
        id: r?.id ?? null,
        body: { label: label.trim(), key, description, kind, ...(r ? {} : { sortOrder: props.nextOrder }) },
      },
      {
        onSuccess: props.onClose,
        onError: (error) => {
          const { fields, form } = problem.fields(error, { fields: ['label', 'key'] });
          setErrors(fields);
          setFormError(form);
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={r ? t('registration.requirements.editTitle') : t('registration.requirements.addTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('registration.requirements.fields.label')}
            withAsterisk
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={errors.label}
            data-autofocus
          />
          <TextInput
            label={t('registration.requirements.fields.key')}
            description={t('registration.requirements.keyHint')}
            withAsterisk
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            error={errors.key}
          />
          <Select
            label={t('registration.requirements.fields.kind')}
            data={REQUIREMENT_KINDS.map((k) => ({ value: k, label: t(`registration.requirements.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as Requirement['kind'])}
            allowDeselect={false}
          />
          <Textarea
            label={t('registration.requirements.fields.description')}
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <FormAlert message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('registration.editor.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
