import { Anchor, Badge, Group, Paper, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useEvent } from '../../api/event-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { AttendanceTab } from '../attendance/attendance-tab.tsx';
import { EmailTemplatesPanel } from '../emails/email-templates-panel.tsx';
import { useOrg } from '../orgs/org-context.ts';
import { DuplicateEventButton } from '../programme/duplicate-event-button.tsx';
import { EventTagsLinksTab } from '../programme/event-tags-links-tab.tsx';
import { ExportYamlButton } from '../programme/export-yaml-button.tsx';
import { PeopleTab } from '../programme/people-tab.tsx';
import { SessionsTab } from '../programme/sessions-tab.tsx';
import { CheckInTab } from '../registrations/check-in-tab.tsx';
import { QuestionsTab } from '../registrations/questions-tab.tsx';
import { RegistrationsTab } from '../registrations/registrations-tab.tsx';
import { StageSettingsTab } from '../stage/stage-settings-tab.tsx';
import { canCreateEvents, useCanManageEvent } from './event-access.ts';
import { eventDates, STATUS_COLORS } from './event-labels.ts';
import { EventOrganizersTab } from './event-organizers-tab.tsx';
import { EventOverviewTab } from './event-overview-tab.tsx';
import { EventStatusTab } from './event-status-tab.tsx';

const TABS = [
  'overview',
  'programme',
  'people',
  'tags',
  'registrations',
  'check-in',
  'attendance',
  'questions',
  'stage',
  'emails',
  'status',
  'organizers',
] as const;
type Tab = (typeof TABS)[number];

/** One event in the console: `/orgs/:orgId/events/:eventId[/status|/organizers]`. */
export function EventPage() {
  const { t } = useTranslation();
  const { org } = useOrg();
  const { eventId = '', tab } = useParams();
  const event = useEvent(eventId);
  usePageTitle(event.data ? `${event.data.name} · ${org.name}` : t('orgs.nav.events'));

  if (event.isPending) return <QueryLoading />;
  if (event.isError) return <QueryError error={event.error} onRetry={() => void event.refetch()} />;
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'overview';
  return <EventView eventId={eventId} active={active} />;
}

function EventView({ eventId, active }: { eventId: string; active: Tab }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const context = useOrg();
  const navigate = useNavigate();
  const event = useEvent(eventId);
  const canManage = useCanManageEvent(context, { id: eventId });
  const tabList = useRef<HTMLDivElement>(null);
  // Where the tab list scrolls (narrow screens), the current tab is scrolled into it — sideways only, never the page.
  useEffect(() => {
    const viewport = tabList.current;
    const tab = viewport?.querySelector<HTMLElement>(`[data-tab="${active}"]`);
    if (!viewport || !tab) return;
    const right = tab.offsetLeft + tab.offsetWidth;
    if (tab.offsetLeft < viewport.scrollLeft) viewport.scrollLeft = tab.offsetLeft;
    else if (right > viewport.scrollLeft + viewport.clientWidth) viewport.scrollLeft = right - viewport.clientWidth;
  }, [active]);
  if (!event.data) return null;
  const e = event.data;
  const base = `/orgs/${context.org.id}/events/${e.id}`;

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="event-heading">
      <Stack gap="md">
        <Anchor component={Link} to={`/orgs/${context.org.id}/events`} size="sm">
          {t('events.detail.back')}
        </Anchor>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4}>
            <Group gap="sm" align="center">
              <Title order={2} size="h3" id="event-heading">
                {e.name}
              </Title>
              <Badge color={STATUS_COLORS[e.status]} variant="light" data-testid="event-status">
                {t(`events.status.${e.status}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {eventDates(e.startsAt, e.endsAt, e.timezone, locale)}
            </Text>
          </Stack>
          <Group gap="xs">
            <ExportYamlButton event={e} />
            {canCreateEvents(context) ? <DuplicateEventButton event={e} /> : null}
          </Group>
        </Group>
        <Tabs
          value={active}
          onChange={(value) => navigate(value === 'overview' || !value ? base : `${base}/${value}`)}
          keepMounted={false}
          // Compact tabs, so all twelve fit one line in a 1280 px window.
          styles={{ tab: { paddingInline: 'var(--mantine-spacing-xs)' } }}
        >
          {/* One line always: where the tabs do not fit (phones, longer languages) the list scrolls sideways. */}
          <ScrollArea type="auto" scrollbars="x" scrollbarSize={6} offsetScrollbars="x" viewportRef={tabList}>
            <Tabs.List aria-label={t('events.detail.sections')} style={{ flexWrap: 'nowrap' }}>
              {TABS.filter((tab) => tab !== 'emails' || canManage).map((tab) => (
                <Tabs.Tab key={tab} value={tab} data-tab={tab}>
                  {t(`events.detail.tabs.${tab}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </ScrollArea>
          <Tabs.Panel value="overview" pt="md">
            <EventOverviewTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="programme" pt="md">
            <SessionsTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="people" pt="md">
            <PeopleTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="tags" pt="md">
            <EventTagsLinksTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="registrations" pt="md">
            <RegistrationsTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="check-in" pt="md">
            <CheckInTab event={e} />
          </Tabs.Panel>
          <Tabs.Panel value="attendance" pt="md">
            <AttendanceTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="questions" pt="md">
            <QuestionsTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="stage" pt="md">
            <StageSettingsTab event={e} canManage={canManage} />
          </Tabs.Panel>
          {canManage ? (
            <Tabs.Panel value="emails" pt="md">
              <EmailTemplatesPanel level={{ eventId: e.id }} canEdit={canManage} />
            </Tabs.Panel>
          ) : null}
          <Tabs.Panel value="status" pt="md">
            <EventStatusTab event={e} canManage={canManage} />
          </Tabs.Panel>
          <Tabs.Panel value="organizers" pt="md">
            <EventOrganizersTab event={e} canManage={canManage} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Paper>
  );
}
