import type { User } from '@foyer/contracts';
import { Avatar, Button, Group, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { useLeave } from '../auth/auth-context.tsx';
import { LogoutIcon, UserIcon } from '../components/icons.tsx';

function initials(user: User): string {
  const parts = user.name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts.at(-1)![0]}` : (parts[0]?.slice(0, 2) ?? user.email[0]);
  return (letters ?? '?').toUpperCase();
}

export function UserMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const leave = useLeave();

  return (
    <Menu position="bottom-end" withinPortal width={240}>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          px={6}
          // The name starts with what is visible (initials, then the name on wide screens) for voice control.
          aria-label={t('userMenu.label', { name: user.name, initials: initials(user) })}
          data-testid="user-menu"
        >
          <Group gap={8} wrap="nowrap">
            <Avatar size={26} radius="xl" color="violet" variant="filled" aria-hidden="true" hiddenFrom="md">
              {initials(user)}
            </Avatar>
            <Text component="span" size="sm" fw={500} visibleFrom="md" maw={140} truncate>
              {user.name}
            </Text>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<UserIcon size={16} />}>
          {t('userMenu.account')}
        </Menu.Item>
        <Menu.Item component={Link} to="/account/registrations">
          {t('registration.mine.menu')}
        </Menu.Item>
        {user.platformRole === 'admin' ? (
          <Menu.Item component={Link} to="/admin/mail" data-testid="menu-outbox">
            {t('outbox.menu')}
          </Menu.Item>
        ) : null}
        <Menu.Item
          leftSection={<LogoutIcon size={16} />}
          onClick={async () => {
            // Even if the server cannot be reached, this browser forgets the session.
            await api.auth.logout().catch(() => undefined);
            leave('/');
          }}
        >
          {t('userMenu.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
