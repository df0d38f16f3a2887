import { useTranslation } from 'react-i18next';
import { Badge, Button, Menu, Text } from '@mantine/core';
import { useSession } from '../auth/SessionContext';

const autoLockChoices: readonly number[] = [5, 10, 15, 30, 60];

/** The delays offered: those the user's centres allow, and their limit itself when not in the list. */
export function offeredAutoLockChoices(maxMinutes: number): number[] {
  const allowed = autoLockChoices.filter((minutes) => minutes <= maxMinutes);
  return allowed.includes(maxMinutes) ? allowed : [...allowed, maxMinutes].sort((a, b) => a - b);
}

/** The signed-in user, with lock, automatic lock delay and sign-out. */
export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const { user } = session;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" size="xs" aria-label={t('auth.userMenu', { name: user.displayName })}>
          {user.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs">{t(`admin.roles.${user.role}`)}</Text>
          <Badge mt={4} size="xs" variant="filled" color={session.hasServerSession ? 'teal.9' : 'gray.7'}>
            {session.hasServerSession ? t('auth.online') : t('auth.offline')}
          </Badge>
        </Menu.Label>
        <Menu.Item onClick={session.lock}>{t('auth.lock')}</Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('auth.autoLock')}</Menu.Label>
        {offeredAutoLockChoices(session.maxAutoLockMinutes).map((minutes) => (
          <Menu.Item
            key={minutes}
            onClick={() => {
              session.setAutoLockMinutes(minutes);
            }}
            aria-current={session.autoLockMinutes === minutes ? 'true' : undefined}
            fw={session.autoLockMinutes === minutes ? 700 : undefined}
          >
            {t('auth.autoLockMinutes', { count: minutes })}
          </Menu.Item>
        ))}
        <Menu.Divider />
        {/* `color` alone draws the text in shade 6 (3.3:1 on white); `c` sets AA-contrast text. */}
        <Menu.Item color="red" c="red.9" onClick={() => void session.signOut()}>
          {t('auth.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
