import type { Member, OrgRole } from '@foyer/contracts';
import { Badge, Button, NativeSelect, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeRole, useRemoveMember, useWithdrawInvitation } from '../../api/org-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useOrg } from './org-context.ts';
import { assignableRoles } from './roles.ts';

const displayName = (member: Member) => member.name ?? member.email;

export function MembersTable({ members }: { members: Member[] }) {
  const { t } = useTranslation();
  const { org, canManage, isOwner } = useOrg();
  const { user } = useAuth();
  const problem = useProblem();
  const changeRole = useChangeRole(org.id);
  const remove = useRemoveMember(org.id);
  const withdraw = useWithdrawInvitation(org.id);
  const [pending, setPending] = useState<Member | null>(null);
  const removal = pending?.status === 'invited' ? withdraw : remove;

  const closeDialog = () => {
    setPending(null);
    remove.reset();
    withdraw.reset();
  };
  const confirm = () => {
    if (!pending) return;
    if (pending.invitationId) withdraw.mutate(pending.invitationId, { onSuccess: closeDialog });
    else if (pending.userId) remove.mutate(pending.userId, { onSuccess: closeDialog });
  };

  return (
    <Stack gap="md">
      {/* LAST_OWNER, FORBIDDEN … for a role change are shown here, above the row's select (which snaps back). */}
      <FormAlert message={changeRole.isError ? problem.text(changeRole.error) : null} />
      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="sm" data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('members.name')}</Table.Th>
              <Table.Th scope="col">{t('members.email')}</Table.Th>
              <Table.Th scope="col">{t('members.role')}</Table.Th>
              <Table.Th scope="col">{t('members.status')}</Table.Th>
              {canManage ? (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => {
              const name = displayName(member);
              const isMe = member.userId !== null && member.userId === user?.id;
              // Only owners change an owner's role; invitations are withdrawn and re-sent instead.
              const editable = canManage && member.status === 'active' && (isOwner || member.role !== 'owner');
              return (
                <Table.Tr key={member.userId ?? member.invitationId}>
                  <Table.Th scope="row" fw={500}>
                    {member.name ?? (
                      <Text span c="dimmed" size="sm" fw={400}>
                        {t('members.noName')}
                      </Text>
                    )}
                    {isMe ? (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        {t('members.you')}
                      </Text>
                    ) : null}
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{member.email}</Table.Td>
                  <Table.Td>
                    {editable && member.userId ? (
                      <NativeSelect
                        size="xs"
                        w={150}
                        aria-label={t('members.roleOf', { name })}
                        value={member.role}
                        disabled={changeRole.isPending}
                        data={assignableRoles(isOwner).map((role) => ({ value: role, label: t(`roles.${role}`) }))}
                        onChange={(event) =>
                          changeRole.mutate({ userId: member.userId!, role: event.currentTarget.value as OrgRole })
                        }
                      />
                    ) : (
                      t(`roles.${member.role}`)
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={member.status === 'active' ? 'teal' : 'yellow'}
                      c="var(--mantine-color-text)"
                    >
                      {t(`members.statuses.${member.status}`)}
                    </Badge>
                  </Table.Td>
                  {canManage ? (
                    <Table.Td ta="end">
                      {editable || member.status === 'invited' ? (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setPending(member)}
                          aria-label={
                            member.status === 'invited'
                              ? t('members.withdrawNamed', { email: member.email })
                              : t('members.removeNamed', { name })
                          }
                        >
                          {member.status === 'invited' ? t('members.withdraw') : t('members.remove')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.status === 'invited' ? t('members.withdrawTitle') : t('members.removeTitle')}
        confirmLabel={pending?.status === 'invited' ? t('members.withdraw') : t('members.remove')}
        loading={removal.isPending}
        error={removal.isError ? problem.text(removal.error) : null}
        onClose={closeDialog}
        onConfirm={confirm}
      >
        {pending
          ? pending.status === 'invited'
            ? t('members.withdrawBody', { email: pending.email, org: org.name })
            : t('members.removeBody', { name: displayName(pending), org: org.name })
          : null}
      </ConfirmDialog>
    </Stack>
  );
}
