import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPanel } from '../../ui/ListPanel';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { Actor } from '../../../shared/auth/authorization';
import type { DeviceSummary } from '../../../shared/auth/schemas';
import type { HostError } from '../../../shared/result';
import { formatInstant } from '../../i18n/format';
import { useHost } from '../../host/HostContext';
import { useLanguage } from '../../ui/useLanguage';
import { NoticeAlert, statusNotice, type Notice } from '../../ui/Notice';
import { canApprovePendingDevice, canRevokeDevice, centreCodeOf, sortDevices } from './adminModel';
import { callAdminRoute } from '../../api/callAdminRoute';
import { ConfirmDialog, type ConfirmContent } from '../../ui/ConfirmDialog';
import { useRouteList, type RouteList } from '../../ui/useRouteList';

type DeviceAction = { kind: 'revoke' | 'approve'; device: DeviceSummary };

/**
 * *Postes*: the PCs registered with the server; revoking one where `canManageDevice` allows, and
 * approving one registered beyond its user's allowance where `canApproveDevice` allows.
 */
export function DevicesPanel({ actor, centres }: { actor: Actor; centres: RouteList<'listCentres'> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const devices = useRouteList('listDevices', true);
  const [pending, setPending] = useState<DeviceAction | null>(null);
  const [isConfirmOpen, setConfirmOpen] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const centreList = centres.data?.centres ?? [];
  const list = devices.data ? sortDevices(devices.data.devices, language) : null;
  const when = (iso: string | null) => (iso === null ? t('admin.common.never') : formatInstant(iso, language));

  const confirmContent = (action: DeviceAction | null): ConfirmContent | null => {
    if (action === null) return null;
    const values = { name: action.device.name, by: action.device.registeredByName };
    return action.kind === 'revoke'
      ? {
          title: t('admin.devices.confirmRevoke.title', values),
          body: t('admin.devices.confirmRevoke.body', values),
          confirmLabel: t('admin.devices.confirmRevoke.confirm'),
          danger: true,
        }
      : {
          title: t('admin.devices.confirmApprove.title', values),
          body: t('admin.devices.confirmApprove.body', values),
          confirmLabel: t('admin.devices.confirmApprove.confirm'),
          danger: false,
        };
  };

  const run = async (): Promise<HostError | null> => {
    if (!pending) return null;
    const { kind, device } = pending;
    const result = await callAdminRoute(host, kind === 'revoke' ? 'revokeDevice' : 'approveDevice', { id: device.id });
    if (!result.ok) return result.error;
    setConfirmOpen(false);
    const values = { name: device.name, by: device.registeredByName };
    setNotice(
      statusNotice((tr) => tr(kind === 'revoke' ? 'admin.devices.revokedDone' : 'admin.devices.approvedDone', values)),
    );
    devices.reload();
    return null;
  };

  const ask = (action: DeviceAction) => {
    setNotice(null);
    setPending(action);
    setConfirmOpen(true);
  };

  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm" maw={640}>
        {t('admin.devices.intro')}
      </Text>
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      <ListPanel
        items={list}
        state={devices}
        loadingLabel={t('admin.devices.loading')}
        emptyLabel={t('admin.devices.empty')}
      >
        {(items) => (
          <Table.ScrollContainer minWidth={960}>
            <Table striped highlightOnHover aria-label={t('admin.devices.tableLabel')} data-testid="device-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.devices.columns.name')}</Table.Th>
                  <Table.Th>{t('admin.devices.columns.centre')}</Table.Th>
                  <Table.Th>{t('admin.devices.columns.registeredBy')}</Table.Th>
                  <Table.Th>{t('admin.devices.columns.registeredAt')}</Table.Th>
                  <Table.Th>{t('admin.devices.columns.lastSeen')}</Table.Th>
                  <Table.Th>{t('admin.devices.columns.lastSync')}</Table.Th>
                  <Table.Th>{t('admin.devices.columns.status')}</Table.Th>
                  <Table.Th>{t('admin.common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((device) => {
                  const code = centreCodeOf(device.centreId, centreList);
                  return (
                    <Table.Tr key={device.id} data-id={device.id}>
                      <Table.Td>
                        <span dir="auto">{device.name}</span>
                      </Table.Td>
                      <Table.Td>{code === null ? t('admin.devices.noCentre') : <span dir="ltr">{code}</span>}</Table.Td>
                      <Table.Td>
                        <span dir="auto">{device.registeredByName}</span>
                      </Table.Td>
                      <Table.Td>{formatInstant(device.registeredAt, language)}</Table.Td>
                      <Table.Td>{when(device.lastSeenAt)}</Table.Td>
                      <Table.Td>{when(device.lastSyncAt)}</Table.Td>
                      <Table.Td>
                        {device.revokedAt !== null ? (
                          <Badge color="red" variant="filled" tt="none">
                            {t('admin.devices.revoked')}
                          </Badge>
                        ) : device.isPendingApproval ? (
                          <Badge color="yellow.4" c="dark.9" variant="filled" tt="none" data-testid="device-pending">
                            {t('admin.devices.pending')}
                          </Badge>
                        ) : (
                          <Badge color="teal" variant="filled" tt="none">
                            {t('admin.devices.active')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {canApprovePendingDevice(actor, device) && (
                            <Button
                              size="xs"
                              aria-label={t('admin.common.rowAction', {
                                action: t('admin.devices.approve'),
                                name: device.name,
                              })}
                              onClick={() => {
                                ask({ kind: 'approve', device });
                              }}
                            >
                              {t('admin.devices.approve')}
                            </Button>
                          )}
                          {canRevokeDevice(actor, device) && (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={t('admin.common.rowAction', {
                                action: t('admin.devices.revoke'),
                                name: device.name,
                              })}
                              onClick={() => {
                                ask({ kind: 'revoke', device });
                              }}
                            >
                              {t('admin.devices.revoke')}
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
      <ConfirmDialog
        opened={isConfirmOpen}
        content={confirmContent(pending)}
        onConfirm={run}
        onClose={() => {
          setConfirmOpen(false);
        }}
        onExited={() => {
          setPending(null);
        }}
      />
    </Stack>
  );
}
