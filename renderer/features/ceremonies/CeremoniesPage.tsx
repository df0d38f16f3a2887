import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import {
  ceremonyDraftSchema,
  emptyCeremonyDraft,
  type CeremonyDraft,
  type CeremonyDraftInput,
} from '../../../shared/agr/ceremony';
import { prefectures } from '../../../shared/reference/administrative';
import { useCeremonyList, useRepositories } from '../../db/RepositoryContext';
import { formatDate, formatNumber } from '../../i18n/format';
import { useLanguage } from '../shell/useLanguage';
import { useCentreChoices } from '../sync/useCentreChoices';
import { ChoiceField, FormFooter, useFieldMessage, useSaveError } from '../casefile/sections/sectionParts';
import { CeremonyPage } from './CeremonyPage';

/**
 * *Cérémonies de remise*: the ceremonies of the PC's centres, newest first, a new one, and a
 * ceremony's page once opened (the list comes back with *Retour aux cérémonies*).
 */
export function CeremoniesPage() {
  const [openId, setOpenId] = useState<string | null>(null);
  const [lastOpened, setLastOpened] = useState<string | null>(null);
  if (openId !== null)
    return (
      <CeremonyPage
        ceremonyId={openId}
        onBack={() => {
          setLastOpened(openId);
          setOpenId(null);
        }}
      />
    );
  return (
    <CeremonyList
      focusId={lastOpened}
      onOpen={(id) => {
        setOpenId(id);
      }}
    />
  );
}

function CeremonyList({ focusId, onOpen }: { focusId: string | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const items = useCeremonyList();
  const [isAdding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Back from a ceremony: the focus returns to its link.
    if (focusId === null || items === undefined) return;
    list.current?.querySelector<HTMLElement>(`[data-ceremony-id="${CSS.escape(focusId)}"]`)?.focus();
  }, [focusId, items]);

  return (
    <Stack gap="md" ref={list} data-testid="ceremonies-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{t('ceremonies.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ceremonies.intro')}
          </Text>
        </Stack>
        {!isAdding && (
          <Button
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            {t('ceremonies.add')}
          </Button>
        )}
      </Group>
      {notice !== null && (
        <Alert
          color="teal"
          role="status"
          withCloseButton
          closeButtonLabel={t('sections.common.close')}
          onClose={() => {
            setNotice(null);
          }}
        >
          {notice}
        </Alert>
      )}
      {isAdding && (
        <Paper withBorder p="md">
          <CeremonyForm
            formLabel={t('ceremonies.addForm')}
            submitLabel={t('ceremonies.saveNew')}
            defaults={emptyCeremonyDraft}
            withCentre
            onSaved={(message) => {
              setAdding(false);
              setNotice(message);
            }}
            onCancel={() => {
              setAdding(false);
            }}
          />
        </Paper>
      )}
      {items === undefined ? (
        <Loader size="sm" />
      ) : items.length === 0 ? (
        <Text c="dimmed" data-testid="ceremonies-empty">
          {t('ceremonies.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t('ceremonies.caption')} data-testid="ceremonies-table" verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ceremonies.columns.date')}</Table.Th>
                <Table.Th>{t('ceremonies.columns.place')}</Table.Th>
                <Table.Th>{t('ceremonies.columns.status')}</Table.Th>
                <Table.Th ta="end">{t('ceremonies.columns.beneficiaries')}</Table.Th>
                <Table.Th ta="end">{t('ceremonies.columns.signed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map(({ ceremony, beneficiaries, signed }) => (
                <Table.Tr key={ceremony.id} data-testid="ceremony-row">
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      data-ceremony-id={ceremony.id}
                      c="var(--mantine-primary-color-filled-hover)"
                      aria-label={t('ceremonies.open', {
                        date: formatDate(ceremony.date, language),
                        place: ceremony.place,
                      })}
                      onClick={() => {
                        onOpen(ceremony.id);
                      }}
                    >
                      {formatDate(ceremony.date, language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{ceremony.place}</Table.Td>
                  <Table.Td>
                    <Badge color={ceremony.status === 'tenue' ? 'teal.9' : 'gray.7'} variant="filled" tt="none">
                      {t(`ceremonies.status.${ceremony.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="end">{formatNumber(beneficiaries, language)}</Table.Td>
                  <Table.Td ta="end">{formatNumber(signed, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** The ceremony's information: a new one (in one of the user's centres) or a change. */
export function CeremonyForm({
  formLabel,
  submitLabel,
  defaults,
  withCentre = false,
  ceremonyId,
  onSaved,
  onCancel,
}: {
  formLabel: string;
  submitLabel: string;
  defaults: CeremonyDraftInput;
  /** A new ceremony: in which centre (asked only when the user serves several). */
  withCentre?: boolean;
  ceremonyId?: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies } = useRepositories();
  const centres = useCentreChoices();
  const message = useFieldMessage();
  const { saveError, run } = useSaveError();
  const [centreId, setCentreId] = useState<string | null>(
    centres.centreIds.length === 1 ? (centres.centreIds[0] ?? null) : null,
  );
  const [isCentreMissing, setCentreMissing] = useState(false);
  const [isNoCentre, setNoCentre] = useState(false);
  const isCentreChoice = withCentre && centres.centreIds.length > 1;
  const {
    register,
    control,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<CeremonyDraftInput, unknown, CeremonyDraft>({
    resolver: zodResolver(ceremonyDraftSchema),
    defaultValues: defaults,
    mode: 'onTouched',
  });
  useEffect(() => {
    setFocus('date');
  }, [setFocus]);

  const onSubmit = async (draft: CeremonyDraft) => {
    if (ceremonyId !== undefined) {
      if (await run(() => ceremonies.update(ceremonyId, draft))) onSaved(t('ceremonies.details.saved'));
      return;
    }
    if (centreId === null) {
      // No centre on this account (an administrator): nothing to create a ceremony in.
      if (isCentreChoice) setCentreMissing(true);
      else setNoCentre(true);
      return;
    }
    if (await run(async () => (await ceremonies.create(centreId, draft)).id !== ''))
      onSaved(t('ceremonies.created', { date: formatDate(draft.date, language) }));
  };

  return (
    <form noValidate aria-label={formLabel} onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('ceremonies.details.date')}
            withAsterisk
            {...register('date')}
            error={message(errors.date?.message)}
          />
          {isCentreChoice && (
            <Select
              label={t('ceremonies.details.centre')}
              withAsterisk
              placeholder={t('sections.common.choose')}
              data={centres.options}
              value={centreId}
              onChange={(value) => {
                setCentreId(value);
                setCentreMissing(false);
              }}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              error={isCentreMissing ? t('errors.required') : undefined}
            />
          )}
          <TextInput
            label={t('ceremonies.details.place')}
            description={t('ceremonies.details.placeHint')}
            withAsterisk
            autoComplete="off"
            {...register('place')}
            error={message(errors.place?.message)}
          />
          <ChoiceField
            control={control}
            name="prefectureCode"
            label={t('ceremonies.details.prefecture')}
            data={prefectures.map((prefecture) => ({ value: prefecture.code, label: prefecture.name[language] }))}
            error={message(errors.prefectureCode?.message)}
            isSearchable
          />
          <TextInput
            label={t('ceremonies.details.presidingAuthority')}
            autoComplete="off"
            {...register('presidingAuthority')}
            error={message(errors.presidingAuthority?.message)}
          />
        </SimpleGrid>
        <Textarea
          label={t('ceremonies.details.partnersPresent')}
          autosize
          minRows={2}
          {...register('partnersPresent')}
          error={message(errors.partnersPresent?.message)}
        />
        <FormFooter
          saveError={isNoCentre ? t('form.noCentre') : saveError}
          isSubmitting={isSubmitting}
          onCancel={onCancel}
          saveLabel={submitLabel}
        />
      </Stack>
    </form>
  );
}
