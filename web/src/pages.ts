/** The lab's pages, in reading order: a short lecture, then the two practicals. Each loads on demand. */
import { tr, type L } from './i18n.js';

export type Section = 'home' | 'lecture' | 'p1' | 'p2';

export interface PageModule {
  /** Fills `root`; returns a function that stops timers, workers and listeners when the page is left. */
  render(root: HTMLElement): void | (() => void);
}

export interface PageDef {
  path: string;
  section: Section;
  title: L;
  load: () => Promise<PageModule>;
}

export const SECTIONS: Record<Section, L> = {
  home: tr('Начало', 'Start'),
  lecture: tr('Лекция', 'Lecture'),
  p1: tr('Практика 1. Основы нейросетей', 'Practical 1. Neural network basics'),
  p2: tr('Практика 2. Графовые сети для новых материалов', 'Practical 2. Graph networks for new materials'),
};

export const PAGES: PageDef[] = [
  { path: '', section: 'home', title: tr('xtal lab', 'xtal lab'), load: () => import('./pages/home.js') },
  // lecture
  {
    path: 'lecture/search',
    section: 'lecture',
    title: tr('Как ищут новые материалы', 'How new materials are found'),
    load: () => import('./pages/lecture/search.js'),
  },
  {
    path: 'lecture/hardness',
    section: 'lecture',
    title: tr('Сверхтвёрдые материалы и диаграмма Эшби', 'Superhard materials and the Ashby diagram'),
    load: () => import('./pages/lecture/hardness.js'),
  },
  {
    path: 'lecture/funnel',
    section: 'lecture',
    title: tr('Воронка точности', 'The accuracy funnel'),
    load: () => import('./pages/lecture/funnel.js'),
  },
  {
    path: 'lecture/expansion',
    section: 'lecture',
    title: tr(
      'Упругость и тепловое расширение: предел f(ν)',
      'Elasticity and thermal expansion: the f(ν) limit',
    ),
    load: () => import('./pages/lecture/expansion.js'),
  },
  {
    path: 'lecture/learning',
    section: 'lecture',
    title: tr('Потенциалы, активное обучение, мало меток', 'Potentials, active learning, few labels'),
    load: () => import('./pages/lecture/learning.js'),
  },
  {
    path: 'lecture/frontiers',
    section: 'lecture',
    title: tr('Сверхпроводники и куда движется область', 'Superconductors and where the field is going'),
    load: () => import('./pages/lecture/frontiers.js'),
  },
  // practical 1
  {
    path: 'p1/perceptron',
    section: 'p1',
    title: tr('Перцептрон', 'The perceptron'),
    load: () => import('./pages/p1/perceptron.js'),
  },
  {
    path: 'p1/logistic',
    section: 'p1',
    title: tr('Сигмоида и бинарная кросс-энтропия', 'Sigmoid and binary cross-entropy'),
    load: () => import('./pages/p1/logistic.js'),
  },
  {
    path: 'p1/mlp',
    section: 'p1',
    title: tr('Многослойная сеть', 'The multilayer network'),
    load: () => import('./pages/p1/mlp.js'),
  },
  {
    path: 'p1/backprop',
    section: 'p1',
    title: tr('Обратное распространение ошибки', 'Backpropagation'),
    load: () => import('./pages/p1/backprop.js'),
  },
  {
    path: 'p1/optimizers',
    section: 'p1',
    title: tr('Оптимизаторы', 'Optimizers'),
    load: () => import('./pages/p1/optimizers.js'),
  },
  {
    path: 'p1/generalization',
    section: 'p1',
    title: tr('Мини-батчи, переобучение, кросс-валидация', 'Minibatches, overfitting, cross-validation'),
    load: () => import('./pages/p1/generalization.js'),
  },
  {
    path: 'p1/depth',
    section: 'p1',
    title: tr('BatchNorm и затухающие градиенты', 'BatchNorm and vanishing gradients'),
    load: () => import('./pages/p1/depth.js'),
  },
  {
    path: 'p1/cnn',
    section: 'p1',
    title: tr('Свёрточная сеть и автоэнкодер', 'Convolutional network and autoencoder'),
    load: () => import('./pages/p1/cnn.js'),
  },
  // practical 2
  {
    path: 'p2/representations',
    section: 'p2',
    title: tr('Представления кристалла', 'Representations of a crystal'),
    load: () => import('./pages/p2/representations.js'),
  },
  {
    path: 'p2/structure',
    section: 'p2',
    title: tr('Структура и её граф', 'A structure and its graph'),
    load: () => import('./pages/p2/structure.js'),
  },
  {
    path: 'p2/features',
    section: 'p2',
    title: tr('Признаки атомов и связей', 'Atom and bond features'),
    load: () => import('./pages/p2/features.js'),
  },
  {
    path: 'p2/predict',
    section: 'p2',
    title: tr('Предсказание свойств и диаграмма Эшби', 'Predicting properties and the Ashby diagram'),
    load: () => import('./pages/p2/predict.js'),
  },
  {
    path: 'p2/train',
    section: 'p2',
    title: tr('Обучаем CGCNN', 'Training a CGCNN'),
    load: () => import('./pages/p2/train.js'),
  },
];

export function findPage(path: string): PageDef | undefined {
  return PAGES.find((p) => p.path === path);
}
