import { useTranslation } from 'react-i18next';
import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { languageSchema } from '../../shared/i18n/language';
import { useLanguage } from './useLanguage';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  return (
    <>
      <VisuallyHidden id="language-label">{t('app.language')}</VisuallyHidden>
      <SegmentedControl
        aria-labelledby="language-label"
        size="xs"
        value={language}
        onChange={(value) => {
          const next = languageSchema.safeParse(value);
          if (next.success) setLanguage(next.data);
        }}
        data={[
          { value: 'fr', label: <span lang="fr">Français</span> },
          { value: 'ar', label: <span lang="ar">العربية</span> },
        ]}
      />
    </>
  );
}
