import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../components/icons.tsx';

export function Brand() {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <BrandMark />
      <Text component="span" fw={800} fz="xl">
        {t('app.brand')}
      </Text>
    </Group>
  );
}
