import { Button, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useOrganizations } from '../api/org-queries.ts';
import { useCurrentOrgId } from '../auth/current-org.ts';
import { BuildingIcon, CheckIcon, ChevronDownIcon, PlusIcon } from '../components/icons.tsx';

/** Header menu to switch between the person's organizations or create one. */
export function OrgSwitcher() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const orgs = useOrganizations();
  const [currentId, setCurrentId] = useCurrentOrgId();
  const list = orgs.data ?? [];
  // A remembered id of an organization the person left falls back to the first one.
  const current = list.find((org) => org.id === currentId) ?? list[0] ?? null;

  return (
    <Menu position="bottom-end" withinPortal width={260}>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          leftSection={<BuildingIcon size={16} />}
          rightSection={<ChevronDownIcon size={14} />}
          aria-label={current ? t('orgSwitcher.labelCurrent', { name: current.name }) : t('orgSwitcher.label')}
          data-testid="org-switcher"
        >
          <Text component="span" size="sm" maw={160} truncate>
            {current ? current.name : t('orgSwitcher.none')}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {list.length > 0 ? <Menu.Label>{t('orgSwitcher.heading')}</Menu.Label> : null}
        {list.map((org) => (
          <Menu.Item
            key={org.id}
            onClick={() => {
              setCurrentId(org.id);
              navigate(`/orgs/${org.id}`);
            }}
            aria-current={org.id === current?.id ? 'true' : undefined}
            rightSection={org.id === current?.id ? <CheckIcon size={16} /> : null}
          >
            {org.name}
          </Menu.Item>
        ))}
        {list.length > 0 ? <Menu.Divider /> : null}
        <Menu.Item component={Link} to="/orgs/new" leftSection={<PlusIcon size={16} />}>
          {t('orgSwitcher.create')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
