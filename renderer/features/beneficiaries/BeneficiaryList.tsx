import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Table, Text } from '@mantine/core';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { findPrefectureByCode } from '../../../shared/reference/administrative';
import { stageOf } from '../../db/caseFileRepository';
import { formatDate } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { arabicListName, latinName } from '../../../shared/beneficiary/displayName';

/** Every row has this height, so the rows on screen follow from the scroll position alone. */
const rowHeight = 44;
/** Rows rendered above and below the visible ones: a quick scroll does not show blanks. */
const overscan = 8;

/**
 * The beneficiaries as a table that renders only the rows on screen (50 000 people scroll as
 * smoothly as 50): spacer rows stand for the others, and `aria-rowcount`/`aria-rowindex` tell
 * assistive technologies where they are. The scroll area takes the keyboard focus (arrow keys,
 * Page Up/Down). Give it a `key` per query: another search starts at the top of its results.
 */
export function BeneficiaryList({
  beneficiaries,
  emptyMessage,
  onOpen,
  returnFocusTo = null,
  onFocusReturned,
}: {
  beneficiaries: readonly Beneficiary[];
  emptyMessage: string;
  /** Opens the person's file (the name is the link). */
  onOpen: (beneficiary: Beneficiary) => void;
  /** The person whose file was just closed: their name is scrolled to and focused. */
  returnFocusTo?: string | null;
  /** Called once focus is returned (`found`: the person is in the list), so the page can stop asking. */
  onFocusReturned?: (found: boolean) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const isEmpty = beneficiaries.length === 0;

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    // Called once at once, then at each resize.
    const observer = new ResizeObserver(() => {
      setViewport(element.clientHeight || 600);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [isEmpty]);

  // Back from a file: its row is scrolled into the rendered window, then its name focused.
  useEffect(() => {
    if (returnFocusTo === null) return;
    const element = scroller.current;
    const index = beneficiaries.findIndex((b) => b.id === returnFocusTo);
    if (index < 0 || !element) {
      onFocusReturned?.(false);
      return;
    }
    const rowTop = index * rowHeight;
    if (rowTop < element.scrollTop || rowTop + rowHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = rowTop;
      setScrollTop(element.scrollTop);
      return; // focused at the next render, once the row is rendered
    }
    const name = element.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(returnFocusTo)}"] button`);
    if (name) {
      name.focus();
      onFocusReturned?.(true);
    }
  }, [returnFocusTo, beneficiaries, scrollTop, onFocusReturned]);

  if (isEmpty) {
    return (
      <Text c="dimmed" data-testid="beneficiary-list-empty">
        {emptyMessage}
      </Text>
    );
  }
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(beneficiaries.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const visible = beneficiaries.slice(first, last);

  return (
    <div
      ref={scroller}
      role="region"
      aria-label={t('beneficiaries.listLabel')}
      tabIndex={0}
      data-testid="beneficiary-scroller"
      // As tall as the window between the fixed header and status bar (scrolled to, the list fills
      // it: 65vh showed 4 rows on a 1093×614 screen), and at least 6 rows. Scroll padding: a
      // focused name is never hidden under the sticky column headers.
      style={{
        maxHeight: `max(${6 * rowHeight}px, calc(100dvh - var(--app-shell-header-offset, 0px) - var(--app-shell-footer-offset, 0px) - 2rem))`,
        overflow: 'auto',
        scrollPaddingTop: '3rem',
      }}
      onScroll={(event) => {
        setScrollTop(event.currentTarget.scrollTop);
      }}
    >
      <Table
        striped
        highlightOnHover
        stickyHeader
        miw={900}
        aria-label={t('beneficiaries.title')}
        aria-rowcount={beneficiaries.length + 1}
        data-testid="beneficiary-list"
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            <Table.Th>{t('beneficiaries.columns.fileNumber')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.name')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.nameArabic')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.sex')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.dateOfBirth')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.cin')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.prefecture')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.stage')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {first > 0 && <tr aria-hidden="true" style={{ height: first * rowHeight }} />}
          {visible.map((b, offset) => (
            <Table.Tr key={b.id} data-id={b.id} aria-rowindex={first + offset + 2} style={{ height: rowHeight }}>
              <Table.Td dir="ltr" style={{ whiteSpace: 'nowrap' }} ff="monospace" fz="sm">
                {b.fileNumber ?? ''}
              </Table.Td>
              <Table.Td dir="ltr" lang="fr" style={{ whiteSpace: 'nowrap' }}>
                <Anchor
                  component="button"
                  type="button"
                  // Darker than teal.9: the hovered striped row's grey leaves teal.9 under 4.5:1.
                  c="var(--mantine-primary-color-filled-hover)"
                  fw={600}
                  title={t('casefile.open', { name: `${b.firstNameLatin} ${b.lastNameLatin}` })}
                  onClick={() => {
                    onOpen(b);
                  }}
                >
                  {latinName(b)}
                </Anchor>
              </Table.Td>
              <Table.Td dir="rtl" lang="ar" style={{ whiteSpace: 'nowrap' }}>
                {arabicListName(b)}
              </Table.Td>
              <Table.Td>{b.sex === 'F' ? t('form.sexF') : t('form.sexM')}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(b.dateOfBirth, language)}</Table.Td>
              <Table.Td dir="ltr">{b.cin}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {findPrefectureByCode(b.prefectureCode)?.name[language] ?? b.prefectureCode}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`casefile.stage.${stageOf(b)}`)}</Table.Td>
            </Table.Tr>
          ))}
          {last < beneficiaries.length && (
            <tr aria-hidden="true" style={{ height: (beneficiaries.length - last) * rowHeight }} />
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}
