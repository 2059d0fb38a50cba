import type { Location } from '@foyer/contracts';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/locale.ts';
import { addressLines, openStreetMapUrl } from './place.ts';

/** Address lines, accessibility and open-air badges, and a plain link to OpenStreetMap (no map tiles). */
export function LocationDetails({ location }: { location: Location }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const lines = addressLines(location.place, locale);
  const map = openStreetMapUrl(location.place);
  return (
    <Stack gap={6}>
      {lines.length > 0 ? (
        <Text component="address" size="sm" style={{ fontStyle: 'normal' }}>
          {lines.map((line) => (
            <span key={line} style={{ display: 'block' }}>
              {line}
            </span>
          ))}
        </Text>
      ) : null}
      {location.place.description ? (
        <Text size="sm" c="dimmed">
          {location.place.description}
        </Text>
      ) : null}
      {location.accessible || location.openAir ? (
        <Group gap={6}>
          {location.accessible ? (
            <Badge variant="light" color="teal" tt="none">
              {t('public.locations.accessible')}
            </Badge>
          ) : null}
          {location.openAir ? (
            <Badge variant="light" color="blue" tt="none">
              {t('public.locations.openAir')}
            </Badge>
          ) : null}
        </Group>
      ) : null}
      {map ? (
        <Anchor href={map} target="_blank" rel="noopener noreferrer" size="sm">
          {t('public.locations.map', { name: location.name })}
        </Anchor>
      ) : null}
    </Stack>
  );
}
