import { useTranslation } from 'react-i18next';
import { Alert, Stack, Text } from '@mantine/core';
import { useLocalDataReport } from '../db/RepositoryContext';

/**
 * Says what the PC had to do about the user's sealed records this session (docs/security.md,
 * "The local stores"): a database sealed with a key that no longer opens, started anew; records
 * that no longer open, set aside until the next sync brings them back.
 */
export function LocalDataNotices() {
  const { t } = useTranslation();
  const { keyLost, damaged } = useLocalDataReport();
  if (!keyLost && !damaged) return null;
  return (
    <Stack gap="xs" mb="md">
      {keyLost && (
        <Alert color="orange" role="alert" data-testid="local-data-key-lost">
          <Text size="sm">{t('localData.keyLost')}</Text>
          {keyLost.unsentChanges > 0 && (
            <Text size="sm" fw={600}>
              {t('localData.keyLostUnsent', { count: keyLost.unsentChanges })}
            </Text>
          )}
        </Alert>
      )}
      {damaged && (
        <Alert color="orange" role="alert" data-testid="local-data-damaged">
          <Text size="sm">{t('localData.damaged', { count: damaged.records })}</Text>
          {damaged.unsentChangesLost > 0 && (
            <Text size="sm" fw={600}>
              {t('localData.damagedUnsent', { count: damaged.unsentChangesLost })}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
