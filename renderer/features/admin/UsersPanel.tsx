import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPanel } from '../../ui/ListPanel';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { Actor } from '../../../shared/auth/authorization';
import type { UserSummary } from '../../../shared/auth/schemas';
import type { HostError } from '../../../shared/result';
import { formatInstant, formatNumber } from '../../i18n/format';
import { useHost } from '../../host/HostContext';
import { useLanguage } from '../../ui/useLanguage';
import { ErrorAlert } from '../../ui/Alerts';
import { FormDialog } from '../../ui/FormDialog';
import { NoticeAlert, statusNotice, type Notice } from '../../ui/Notice';
import {
  canCreateUsers,
  centreCodeOf,
  judicialHoldRows,
  sortUsers,
  userCentresSummary,
  userRowActions,
  visibleUsers,
} from './adminModel';
import { callAdminRoute } from '../../api/callAdminRoute';
import { ConfirmBody } from '../../ui/ConfirmDialog';
import { OneTimePasswordView, type OneTimePasswordGrant } from './OneTimePasswordView';
import { UserForm, type UserSaved } from './UserForm';
import type { RouteList } from '../../ui/useRouteList';
import { useRouteList } from '../../ui/useRouteList';
import type { TranslationKey } from '../../i18n/resources';

/** The one dialog of the panel: a form, a confirmation, then possibly the one-time password. */
type Dialog =
  | { kind: 'form'; user?: UserSummary }
  | { kind: 'confirm'; action: 'disable' | 'enable' | 'resetPassword'; user: UserSummary }
  | { kind: 'confirmJudicial'; user: UserSummary; centreId: string; by: 'coordinator' | 'four-eyes' }
  | { kind: 'oneTimePassword'; grant: OneTimePasswordGrant };

const confirmKeys = {
  disable: 'admin.users.confirmDisable',
  enable: 'admin.users.confirmEnable',
  resetPassword: 'admin.users.confirmReset',
} as const;

/**
 * *Utilisateurs*: the accounts the actor sees; creation, change, disabling and password reset
 * where the rules let the actor manage the account (`canManageUser`). One dialog serves each
 * flow, so that the one-time password replaces the form or confirmation that produced it. An
 * account whose judicial access awaits confirmation in a centre shows it, and offers the
 * confirmation to whoever may give it (`judicialConfirmation`).
 */
export function UsersPanel({ actor, centres }: { actor: Actor; centres: RouteList<'listCentres'> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const users = useRouteList('listUsers', true);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [isDialogOpen, setDialogOpen] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<HostError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const centreList = centres.data?.centres ?? null;
  const list = users.data ? sortUsers(visibleUsers(actor, users.data.users), language) : null;
  const codeOf = (centreId: string) => centreCodeOf(centreId, centreList ?? []) ?? '—';

  const openDialog = (next: Dialog) => {
    if (next.kind !== 'oneTimePassword') setNotice(null);
    setDialogError(null);
    setDialog(next);
    setDialogOpen(true);
  };
  const closeDialog = () => {
    if (isBusy) return;
    setDialogOpen(false);
  };
  const showOneTimePassword = (user: UserSummary, oneTimePassword: string) => {
    openDialog({
      kind: 'oneTimePassword',
      grant: { displayName: user.displayName, username: user.username, oneTimePassword },
    });
  };

  const onSaved = (saved: UserSaved) => {
    const name = saved.user.displayName;
    if (saved.kind === 'created') {
      setNotice(statusNotice((tr) => tr('admin.users.created', { name })));
      showOneTimePassword(saved.user, saved.oneTimePassword);
    } else {
      setNotice(statusNotice((tr) => tr('admin.users.saved', { name })));
      setDialogOpen(false);
    }
    users.reload();
  };

  const runConfirmed = async (action: 'disable' | 'enable' | 'resetPassword', user: UserSummary) => {
    setBusy(true);
    setDialogError(null);
    const name = user.displayName;
    if (action === 'resetPassword') {
      const result = await callAdminRoute(host, 'resetPassword', { id: user.id });
      setBusy(false);
      if (!result.ok) {
        setDialogError(result.error);
        return;
      }
      setNotice(statusNotice((tr) => tr('admin.users.passwordResetDone', { name })));
      showOneTimePassword(user, result.value.oneTimePassword);
    } else {
      const result = await callAdminRoute(host, action === 'disable' ? 'disableUser' : 'enableUser', { id: user.id });
      setBusy(false);
      if (!result.ok) {
        setDialogError(result.error);
        return;
      }
      setNotice(
        statusNotice((tr) =>
          tr(action === 'disable' ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name }),
        ),
      );
      setDialogOpen(false);
    }
    users.reload();
  };

  const confirmJudicial = async (user: UserSummary, centreId: string) => {
    setBusy(true);
    setDialogError(null);
    const result = await callAdminRoute(host, 'confirmJudicialAccess', { id: user.id, body: { centreId } });
    setBusy(false);
    if (!result.ok) {
      setDialogError(result.error);
      return;
    }
    const code = codeOf(centreId);
    setNotice(statusNotice((tr) => tr('admin.users.judicialConfirmedDone', { name: user.displayName, code })));
    setDialogOpen(false);
    users.reload();
  };

  const dialogTitle = (d: Dialog | null): string | undefined => {
    if (!d) return undefined;
    if (d.kind === 'oneTimePassword') return t('admin.oneTimePassword.title');
    if (d.kind === 'confirmJudicial') return t('admin.users.confirmJudicialAccess.title', { name: d.user.displayName });
    if (d.kind === 'confirm') return t(`${confirmKeys[d.action]}.title`, { name: d.user.displayName });
    return d.user ? t('admin.users.editTitle', { name: d.user.displayName }) : t('admin.users.createTitle');
  };

  const dialogBody = (d: Dialog) => {
    if (d.kind === 'oneTimePassword') return <OneTimePasswordView grant={d.grant} onDone={closeDialog} />;
    if (d.kind === 'confirmJudicial') {
      const values = { name: d.user.displayName, username: d.user.username, code: codeOf(d.centreId) };
      const body = t('admin.users.confirmJudicialAccess.body', values);
      return (
        <ConfirmBody
          content={{
            title: t('admin.users.confirmJudicialAccess.title', values),
            body: d.by === 'four-eyes' ? `${body} ${t('admin.users.confirmJudicialAccess.fourEyes', values)}` : body,
            confirmLabel: t('admin.users.confirmJudicialAccess.confirm'),
            danger: false,
          }}
          isBusy={isBusy}
          error={dialogError}
          onCancel={closeDialog}
          onConfirm={() => {
            void confirmJudicial(d.user, d.centreId);
          }}
        />
      );
    }
    if (d.kind === 'confirm') {
      const names = { name: d.user.displayName, username: d.user.username };
      const keys = confirmKeys[d.action];
      return (
        <ConfirmBody
          content={{
            title: t(`${keys}.title`, names),
            body: t(`${keys}.body`, names),
            confirmLabel: t(`${keys}.confirm`),
            danger: d.action !== 'enable',
          }}
          isBusy={isBusy}
          error={dialogError}
          onCancel={closeDialog}
          onConfirm={() => {
            void runConfirmed(d.action, d.user);
          }}
        />
      );
    }
    if (!centreList) return null;
    return <UserForm actor={actor} centres={centreList} user={d.user} onCancel={closeDialog} onSaved={onSaved} />;
  };

  const centresCell = (user: UserSummary) => {
    const summary = userCentresSummary(user, centreList ?? []);
    if (summary.kind === 'all') return t('admin.users.allCentres');
    if (summary.kind === 'none') return t('admin.users.noCentre');
    return (
      <Stack gap={0}>
        {summary.codes.length > 0 && (
          <Text size="sm">
            <span dir="ltr">{summary.codes.join(', ')}</span>
          </Text>
        )}
        {summary.hiddenCount > 0 && (
          <Text size="sm" c="dimmed">
            {t('admin.users.otherCentres', {
              count: summary.hiddenCount,
              formatted: formatNumber(summary.hiddenCount, language),
            })}
          </Text>
        )}
      </Stack>
    );
  };

  const rowAction = (action: string, user: UserSummary) =>
    t('admin.common.rowAction', { action, name: user.displayName });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={640}>
          {t('admin.users.intro')}
        </Text>
        {canCreateUsers(actor) && (
          <Button
            disabled={centreList === null}
            onClick={() => {
              openDialog({ kind: 'form' });
            }}
          >
            {t('admin.users.new')}
          </Button>
        )}
      </Group>
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {centres.error && centreList === null && (
        <ErrorAlert
          error={centres.error}
          title={t('admin.users.centresUnavailable')}
          onRetry={centres.reload}
          retryDisabled={centres.isLoading}
        />
      )}
      <ListPanel items={list} state={users} loadingLabel={t('admin.users.loading')} emptyLabel={t('admin.users.empty')}>
        {(items) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover aria-label={t('admin.users.tableLabel')} data-testid="user-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.users.columns.displayName')}</Table.Th>
                  <Table.Th>{t('admin.users.columns.username')}</Table.Th>
                  <Table.Th>{t('admin.users.columns.role')}</Table.Th>
                  <Table.Th>{t('admin.users.columns.centres')}</Table.Th>
                  <Table.Th>{t('admin.users.columns.status')}</Table.Th>
                  <Table.Th>{t('admin.users.columns.lastSignIn')}</Table.Th>
                  <Table.Th>{t('admin.common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((user) => {
                  const actions = userRowActions(actor, user);
                  const holds = judicialHoldRows(actor, user, users.data?.users ?? []);
                  const holdLabel = (centreId: string, one: TranslationKey, several: TranslationKey) =>
                    holds.length > 1 ? t(several, { code: codeOf(centreId) }) : t(one);
                  return (
                    <Table.Tr key={user.id} data-id={user.id}>
                      <Table.Td>
                        <span dir="auto">{user.displayName}</span>
                      </Table.Td>
                      <Table.Td>
                        <span dir="ltr">{user.username}</span>
                      </Table.Td>
                      <Table.Td>{t(`admin.roles.${user.role}`)}</Table.Td>
                      <Table.Td>{centresCell(user)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {user.disabledAt === null ? (
                            <Badge color="teal" variant="filled" tt="none">
                              {t('admin.users.active')}
                            </Badge>
                          ) : (
                            <Badge color="red" variant="filled" tt="none">
                              {t('admin.users.disabled')}
                            </Badge>
                          )}
                          {user.mustChangePassword && (
                            <Badge color="gray" variant="outline" tt="none">
                              {t('admin.users.mustChangePassword')}
                            </Badge>
                          )}
                          {holds.map((hold) => (
                            <Badge
                              key={hold.centreId}
                              color="yellow.4"
                              c="dark.9"
                              variant="filled"
                              tt="none"
                              data-testid="judicial-hold"
                            >
                              {holdLabel(hold.centreId, 'admin.users.judicialHold', 'admin.users.judicialHoldIn')}
                            </Badge>
                          ))}
                        </Group>
                        {holds.some((hold) => hold.waitsForPassword) && (
                          <Text size="xs" c="dimmed" mt={4}>
                            {t('admin.users.judicialHoldAfterPassword')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {user.lastSignInAt === null
                          ? t('admin.common.never')
                          : formatInstant(user.lastSignInAt, language)}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {actions.edit && (
                            <Button
                              size="xs"
                              variant="default"
                              disabled={centreList === null}
                              aria-label={rowAction(t('admin.users.edit'), user)}
                              onClick={() => {
                                openDialog({ kind: 'form', user });
                              }}
                            >
                              {t('admin.users.edit')}
                            </Button>
                          )}
                          {actions.toggle === 'disable' && (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={rowAction(t('admin.users.disable'), user)}
                              onClick={() => {
                                openDialog({ kind: 'confirm', action: 'disable', user });
                              }}
                            >
                              {t('admin.users.disable')}
                            </Button>
                          )}
                          {actions.toggle === 'enable' && (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={rowAction(t('admin.users.enable'), user)}
                              onClick={() => {
                                openDialog({ kind: 'confirm', action: 'enable', user });
                              }}
                            >
                              {t('admin.users.enable')}
                            </Button>
                          )}
                          {holds.map(({ centreId, by }) => {
                            if (by === null) return null;
                            const label = holdLabel(
                              centreId,
                              'admin.users.confirmJudicial',
                              'admin.users.confirmJudicialIn',
                            );
                            return (
                              <Button
                                key={centreId}
                                size="xs"
                                aria-label={rowAction(label, user)}
                                onClick={() => {
                                  openDialog({ kind: 'confirmJudicial', user, centreId, by });
                                }}
                              >
                                {label}
                              </Button>
                            );
                          })}
                          {actions.resetPassword && (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={rowAction(t('admin.users.resetPassword'), user)}
                              onClick={() => {
                                openDialog({ kind: 'confirm', action: 'resetPassword', user });
                              }}
                            >
                              {t('admin.users.resetPassword')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPanel>
      <FormDialog
        opened={isDialogOpen}
        onClose={closeDialog}
        onExited={() => {
          // Forgets the one-time password once it is off screen.
          setDialog(null);
        }}
        title={dialogTitle(dialog)}
        size={dialog?.kind === 'confirm' ? 'md' : 'lg'}
        closeLabel={t('admin.common.close')}
        isBusy={isBusy}
        closeOnClickOutside={dialog?.kind !== 'oneTimePassword'}
      >
        {dialog && dialogBody(dialog)}
      </FormDialog>
    </Stack>
  );
}
