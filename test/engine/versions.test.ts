import { describe, expect, it } from 'vitest';
import { registerVersionChange, renderForVersion } from '../../src/engine/versions.js';
import { createSimulator } from '../../src/index.js';
import { internalsOf } from '../../src/internal.js';

const ctx = internalsOf(createSimulator()).engine.context('test', { id: null, idempotencyKey: null, apiVersion: '2024-11-01' });

describe('the version-change table', () => {
  it('renders objects for older versions through every newer change, and leaves the newest untouched', () => {
    const unregister = registerVersionChange({
      version: '2024-11-01',
      object: 'test_widget',
      description: 'test only: `size` was called `dimension` before 2024-11-01',
      downgrade: ({ size, ...rest }) => ({ ...rest, dimension: size }),
    });
    const widget = { id: 'wd_1', object: 'test_widget', size: 3 };
    const list = { object: 'list', data: [widget], has_more: false, url: '/v1/widgets' };
    expect(renderForVersion(list, '2024-11-01', ctx)).toBe(list);
    expect(renderForVersion(list, '2024-06-01', ctx)).toEqual({
      ...list,
      data: [{ id: 'wd_1', object: 'test_widget', dimension: 3 }],
    });
    // Nested objects (expanded fields) are rendered too; the stored object is not touched.
    const holder = { id: 'h_1', object: 'holder', widget };
    expect(renderForVersion(holder, '2024-06-01', ctx)).toEqual({ ...holder, widget: { id: 'wd_1', object: 'test_widget', dimension: 3 } });
    expect(widget).toEqual({ id: 'wd_1', object: 'test_widget', size: 3 });
    // The suite's modules are shared between files (vitest.config.ts): leave the table as it was.
    unregister();
    expect(renderForVersion(list, '2024-06-01', ctx)).toEqual(list);
  });
});
