import { describe, expect, it } from 'vitest';
import { historyFromCurrentStage, StagePlacer } from '../../src/domain/stage-names.js';

describe('StagePlacer', () => {
  it.each([
    // Bitrix24, Russian and English, the older pipeline too
    ['Новая', 'lead'],
    ['Подготовка документов', 'qualified'],
    ['Cчёт на предоплату', 'deal'],
    ['Счет на предоплату', 'deal'],
    ['В работе', 'deal'],
    ['Финальный счёт', 'deal'],
    ['Сделка успешна', 'won'],
    ['Сделка провалена', 'lost'],
    ['Анализ причины провала', 'lost'],
    ['New', 'lead'],
    ['Preparing documents', 'qualified'],
    ['Prepayment invoice', 'deal'],
    ['In progress', 'deal'],
    ['Final invoice', 'deal'],
    ['Deal won', 'won'],
    ['Deal successful', 'won'],
    ['Deal lost', 'lost'],
    ['Deal failed', 'lost'],
    ['Analyze failure', 'lost'],
    // amoCRM and Kommo
    ['Неразобранное', 'lead'],
    ['Первичный контакт', 'lead'],
    ['Переговоры', 'qualified'],
    ['Принимают решение', 'deal'],
    ['Согласование договора', 'deal'],
    ['Успешно реализовано', 'won'],
    ['Закрыто и не реализовано', 'lost'],
    ['Incoming leads', 'lead'],
    ['Initial contact', 'lead'],
    ['Offer made', 'qualified'],
    ['Negotiation', 'qualified'],
    ['Decision making', 'deal'],
    ['Contract discussion', 'deal'],
    ['Closed - won', 'won'],
    ['Closed – Won', 'won'],
    ['CLOSED-LOST', 'lost'],
    // ours
    ['junk', 'junk'],
    ['Qualified', 'qualified'],
  ])('places %s as %s', (name, stage) => {
    expect(new StagePlacer().place(name)).toBe(stage);
  });

  it('places a name nobody knows nowhere, and the user’s choice before the defaults, whatever its case or ё', () => {
    const placer = new StagePlacer({ 'замер ': 'qualified', Новая: 'junk' });
    expect(new StagePlacer().place('Замер')).toBeNull();
    expect(placer.place('ЗАМЕР')).toBe('qualified');
    expect(placer.place('новая')).toBe('junk');
    expect(placer.place('Оплачено')).toBeNull();
    expect(placer.place(' Оплачено ')).toBeNull();
    expect(placer.names()).toEqual([
      { name: 'ЗАМЕР', stage: 'qualified', chosen: true, rows: 1 },
      { name: 'новая', stage: 'junk', chosen: true, rows: 1 },
      { name: 'Оплачено', stage: null, chosen: false, rows: 2 },
    ]);
  });
});

describe('historyFromCurrentStage', () => {
  it('opens the deal on its creation date and closes it on its closing date', () => {
    expect(historyFromCurrentStage('2025-03-01', 'lead', '2025-03-09', null).history).toEqual([
      { stage: 'lead', date: '2025-03-01', reason: null },
    ]);
    expect(historyFromCurrentStage('2025-03-01', 'qualified', '2025-03-09', null).history).toEqual([
      { stage: 'lead', date: '2025-03-01', reason: null },
      { stage: 'qualified', date: '2025-03-01', reason: null },
    ]);
    expect(historyFromCurrentStage('2025-03-01', 'lost', '2025-03-09', 'Дорого').history).toEqual([
      { stage: 'lead', date: '2025-03-01', reason: null },
      { stage: 'lost', date: '2025-03-09', reason: 'Дорого' },
    ]);
    expect(historyFromCurrentStage('2025-03-01', 'won', undefined, 'ignored').history.at(-1)).toEqual({
      stage: 'won',
      date: '2025-03-01',
      reason: null,
    });
  });

  it('refuses a closing date before the creation date', () => {
    expect(historyFromCurrentStage('2025-03-01', 'junk', '2025-02-28', null).problem).toEqual({
      code: 'closedBeforeCreated',
      closed: '2025-02-28',
      created: '2025-03-01',
    });
  });
});
