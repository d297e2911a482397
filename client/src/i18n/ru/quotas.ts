import type en from '../en/quotas.ts';

export default {
  heading: 'Время по делегациям',
  summary: 'требуют внимания: {warnings}',
  delegation: 'Делегация',
  used: 'Использовано',
  left: 'Осталось',
  of: 'из {quota}',
  warning: 'Время на исходе',
  exhausted: 'Квота исчерпана',
  hint: 'Выступлению даётся не больше, чем осталось у делегации. Исчерпанная квота — предупреждение: решаете вы.',
  stageLine: '{delegation}: осталось {left} из {quota}',
  stageOver: '{delegation}: квота исчерпана ({left})',
} satisfies typeof en;
