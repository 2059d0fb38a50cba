import type { AttendanceSummary } from '@foyer/contracts';
import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOverrideAttendance } from '../../api/attendance-queries.ts';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { type OverrideChoice, overrideChoice, overrideValue } from './attendance-rule.ts';

const CHOICES: OverrideChoice[] = ['rule', 'yes', 'no'];

function ChoiceGroup(props: {
  label: string;
  computed: boolean;
  value: OverrideChoice;
  onChange: (value: OverrideChoice) => void;
}) {
  const { t } = useTranslation();
  const ruleSays = props.computed ? t('attendance.yes') : t('attendance.no');
  return (
    <Radio.Group label={props.label} value={props.value} onChange={(v) => props.onChange(v as OverrideChoice)}>
      <Group gap="md" mt={6}>
        {CHOICES.map((choice) => (
          <Radio
            key={choice}
            value={choice}
            label={choice === 'rule' ? t('attendance.dialog.byRule', { value: ruleSays }) : t(`attendance.${choice}`)}
          />
        ))}
      </Group>
    </Radio.Group>
  );
}

/** Forces attended and/or eligible for one registration, with a reason the audit log keeps. */
export function OverrideDialog(props: { eventId: string; summary: AttendanceSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const { summary } = props;
  const save = useOverrideAttendance(props.eventId);
  const [attended, setAttended] = useState(overrideChoice(summary.override?.attended));
  const [eligible, setEligible] = useState(overrideChoice(summary.override?.eligible));
  const [reason, setReason] = useState(summary.override?.reason ?? '');
  const [reasonError, setReasonError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError(t('attendance.dialog.reasonRequired'));
      return;
    }
    setReasonError(null);
    save.mutate(
      {
        registrationId: summary.registrationId,
        body: { attended: overrideValue(attended), eligible: overrideValue(eligible), reason: reason.trim() },
      },
      { onSuccess: props.onClose },
    );
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('attendance.dialog.title', { name: summary.name })}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('attendance.dialog.lead')}
          </Text>
          <FormAlert message={save.isError ? problem.text(save.error) : null} />
          <ChoiceGroup
            label={t('attendance.columns.attended')}
            computed={summary.computed.attended}
            value={attended}
            onChange={setAttended}
          />
          <ChoiceGroup
            label={t('attendance.columns.eligible')}
            computed={summary.computed.eligible}
            value={eligible}
            onChange={setEligible}
          />
          <Textarea
            label={t('attendance.dialog.reason')}
            description={t('attendance.dialog.reasonHint')}
            required
            autosize
            minRows={2}
            maxLength={1000}
            value={reason}
            error={reasonError}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonError(null);
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('attendance.dialog.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
