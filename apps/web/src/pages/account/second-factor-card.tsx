import type { User } from '@foyer/contracts';
import { Box, Button, Code, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { accountKeys } from '../../api/query-keys.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';

/** The otpauth URI as a QR code for the authenticator app, drawn in the browser (the secret never leaves the page). */
function OtpauthQr({ uri, label }: { uri: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void QRCode.toCanvas(canvas.current, uri, { width: 200, margin: 2 });
  }, [uri]);
  return (
    <Box bg="white" p={4} style={{ borderRadius: 8, lineHeight: 0, alignSelf: 'flex-start' }}>
      <canvas ref={canvas} role="img" aria-label={label} width={200} height={200} />
    </Box>
  );
}

function RecoveryCodeList({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="recovery-codes">
      <Text size="sm" fw={600}>
        {t('account.secondFactor.recoveryCodesLead')}
      </Text>
      <List size="sm" ff="monospace">
        {codes.map((c) => (
          <List.Item key={c}>{c}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** Authenticator app (TOTP) and recovery codes: set up, new recovery codes, turn off. */
export function SecondFactorCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const queryClient = useQueryClient();
  const [enrollment, setEnrollment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: accountKeys.me });
  const onError = (e: unknown) => setError(problem.text(e));

  const begin = useMutation({
    mutationFn: api.auth.beginTotp,
    onSuccess: (e) => {
      setError(null);
      setCodes(null);
      setEnrollment(e);
    },
    onError,
  });
  const confirm = useMutation({
    mutationFn: api.auth.confirmTotp,
    onSuccess: (r) => {
      setEnrollment(null);
      setCode('');
      setCodes(r.recoveryCodes);
      void refreshMe();
    },
    onError,
  });
  const regenerate = useMutation({
    mutationFn: api.auth.regenerateRecoveryCodes,
    onSuccess: (r) => {
      setCode('');
      setCodes(r.recoveryCodes);
    },
    onError,
  });
  const disable = useMutation({
    mutationFn: api.auth.disableSecondFactor,
    onSuccess: () => {
      setCode('');
      setPassword('');
      setCodes(null);
      void refreshMe();
    },
    onError,
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="account-second-factor">
      <Title order={2} size="h3" id="account-second-factor" mb="xs">
        {t('account.secondFactor.title')}
      </Title>
      <Stack gap="md" maw={480}>
        <Text size="sm" c="dimmed">
          {user.secondFactor ? t('account.secondFactor.on') : t('account.secondFactor.off')}
        </Text>
        <FormAlert message={error} />
        {codes ? <RecoveryCodeList codes={codes} /> : null}
        {!user.secondFactor && !enrollment ? (
          <Group>
            <Button onClick={() => begin.mutate()} loading={begin.isPending}>
              {t('account.secondFactor.setUp')}
            </Button>
          </Group>
        ) : null}
        {!user.secondFactor && enrollment ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              confirm.mutate(code.trim());
            }}
          >
            <Stack gap="sm">
              <Text size="sm">{t('account.secondFactor.scan')}</Text>
              <OtpauthQr uri={enrollment.otpauthUri} label={t('account.secondFactor.qrLabel')} />
              <Text size="sm">{t('account.secondFactor.orType')}</Text>
              <Code data-testid="totp-secret">{enrollment.secret}</Code>
              <Code block data-testid="otpauth-uri" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                {enrollment.otpauthUri}
              </Code>
              <TextInput
                label={t('account.secondFactor.code')}
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <Group>
                <Button type="submit" loading={confirm.isPending}>
                  {t('account.secondFactor.confirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        {user.secondFactor ? (
          <Stack gap="sm">
            <TextInput
              label={t('account.secondFactor.code')}
              description={t('account.secondFactor.codeForChanges')}
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <PasswordField
              label={t('auth.fields.currentPassword')}
              description={t('account.secondFactor.passwordForOff')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Group>
              <Button
                variant="default"
                loading={regenerate.isPending}
                onClick={() => {
                  setError(null);
                  regenerate.mutate(code.trim());
                }}
              >
                {t('account.secondFactor.newRecoveryCodes')}
              </Button>
              <Button
                color="red"
                variant="light"
                loading={disable.isPending}
                onClick={() => {
                  setError(null);
                  disable.mutate(code.trim() ? { code: code.trim() } : { password });
                }}
              >
                {t('account.secondFactor.turnOff')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
