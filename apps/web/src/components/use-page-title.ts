import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** Sets the tab title so each page is identifiable in history, tabs and screen readers. */
export function usePageTitle(page: string | null): void {
  const { t } = useTranslation();
  useDocumentTitle(page ? t('app.documentTitle', { page }) : t('app.brand'));
}
