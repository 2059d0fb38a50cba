import type { AttendanceRule } from '@foyer/contracts';
import { useTranslation } from 'react-i18next';
import { ruleMessage } from './attendance-rule.ts';

/** The attendance rule as a sentence: "Eligible with at least 90 minutes of attendance." */
export function RuleText({ rule }: { rule: AttendanceRule }) {
  const { t } = useTranslation();
  const { key, values } = ruleMessage(rule);
  return <>{t(`attendance.rule.${key}`, values)}</>;
}
