import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput with two accessibility gaps closed: it does not
 * mark its inner input `aria-invalid` when there is an error, and hides the
 * show/hide button from assistive technology unless the button gets a name.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      aria-invalid={Boolean(props.error)}
      visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePassword') }}
      {...props}
    />
  );
}
