import { useCallback, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Stack, Text } from '@mantine/core';

const width = 480;
const height = 160;

/**
 * A signature drawn on screen (mouse, finger or stylus): a canvas whose strokes become a PNG data
 * URL (`onChange`, null once cleared). Drawing is in the canvas's own pixels whatever its displayed
 * size, and touch scrolling is off on it so a finger draws instead of moving the page. Keyboard
 * users cannot draw: the signing form offers the scanned paper instead (said under the pad).
 */
export function SignaturePad({
  label,
  onChange,
  error,
  testId,
}: {
  label: string;
  onChange: (dataUrl: string | null) => void;
  error?: string | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const hasInk = useRef(false);
  const labelId = useId();
  const errorId = useId();
  const hintId = useId();

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
  }, []);

  const pointAt = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * width,
      y: ((event.clientY - box.top) / box.height) * height,
    };
  };

  const clear = useCallback(() => {
    const context = canvas.current?.getContext('2d');
    if (context) {
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
    }
    hasInk.current = false;
    onChange(null);
  }, [onChange]);

  return (
    <Stack gap={4}>
      <Text id={labelId} size="sm" fw={500}>
        {label}
      </Text>
      <canvas
        ref={canvas}
        width={width}
        height={height}
        role="img"
        aria-labelledby={labelId}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        data-testid={testId}
        style={{
          width: '100%',
          maxWidth: width,
          aspectRatio: `${width} / ${height}`,
          border: `1px solid ${error ? 'var(--mantine-color-red-8)' : 'var(--mantine-color-gray-5)'}`,
          borderRadius: 4,
          touchAction: 'none',
          cursor: 'crosshair',
          background: '#ffffff',
        }}
        onPointerDown={(event) => {
          const context = event.currentTarget.getContext('2d');
          if (!context) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          drawing.current = true;
          const { x, y } = pointAt(event);
          context.strokeStyle = '#10233f';
          context.lineWidth = 2.5;
          context.lineCap = 'round';
          context.lineJoin = 'round';
          context.beginPath();
          context.moveTo(x, y);
        }}
        onPointerMove={(event) => {
          if (!drawing.current) return;
          const context = event.currentTarget.getContext('2d');
          if (!context) return;
          const { x, y } = pointAt(event);
          context.lineTo(x, y);
          context.stroke();
          hasInk.current = true;
        }}
        onPointerUp={(event) => {
          if (!drawing.current) return;
          drawing.current = false;
          if (hasInk.current) onChange(event.currentTarget.toDataURL('image/png'));
        }}
      />
      <Text id={hintId} size="xs" c="dimmed">
        {t('ceremonies.sign.pad', { who: label })} {t('ceremonies.sign.padKeyboard')}
      </Text>
      {error && (
        <Text id={errorId} size="sm" c="red.8">
          {error}
        </Text>
      )}
      <Group gap="sm">
        <Button variant="default" size="xs" onClick={clear}>
          {t('ceremonies.sign.clear')}
        </Button>
      </Group>
    </Stack>
  );
}
