import { h, prose } from '../../dom.js';
import { t, tr } from '../../i18n.js';

const TEXT = tr(
  `**Сверхпроводники.** Stanev и др. (2018) собрали из базы SuperCon более 12 тыс. сверхпроводников с известной T_c. Классификатор «T_c выше или ниже 10 К» только по составу (статистики свойств элементов) угадывает класс примерно в 92 % случаев; отдельные регрессионные модели для купратов, железосодержащих и низкотемпературных сверхпроводников предсказывают саму T_c. Применив модели к ICSD, авторы предложили более 30 оксидов-кандидатов — не купратов и не железосодержащих. Ограничения: состав не описывает механизм спаривания, а почти одинаковые составы в обучающей и тестовой выборках завышают точность — разбивать нужно по семействам.

**Предсказания для каждого атома.** Не всякое свойство относится к кристаллу целиком. Bapst и др. (DeepMind, Nature Physics, 2020) обучили графовую сеть предсказывать подвижность каждой частицы переохлаждённой жидкости (стекла) по одной лишь начальной статической структуре — и она превзошла структурные дескрипторы, придуманные вручную. Чем дольше время, на которое делается прогноз, тем важнее дальние соседи: каждый слой передачи сообщений расширяет «поле зрения» атома на одну координационную сферу. Но для настоящих дальнодействующих эффектов (электростатика, упругие поля) нескольких слоёв мало, их учитывают отдельно.

**FermiNet.** Pfau и др. (DeepMind, Phys. Rev. Research, 2020) использовали нейросеть иначе — не для обучения на данных, а как волновую функцию многих электронов. Сеть сохраняет антисимметрию (через детерминанты) и оптимизируется вариационным методом Монте-Карло по энергии, без обучающих примеров. Для небольших молекул это даёт энергии, близкие к химической точности. Это направление, где машинное обучение не заменяет квантовую механику, а решает её уравнения.`,
  `**Superconductors.** Stanev et al. (2018) gathered more than 12k superconductors with known T_c from the SuperCon database. A classifier for "T_c above or below 10 K" using composition alone (statistics of element properties) is right about 92 % of the time; separate regression models for cuprates, iron-based and low-T_c superconductors predict T_c itself. Applying the models to the ICSD, the authors proposed more than 30 candidate oxides that are neither cuprates nor iron-based. Limits: composition does not describe the pairing mechanism, and near-identical compositions in the training and test sets inflate accuracy — split by family.

**Per-atom predictions.** Not every property belongs to the crystal as a whole. Bapst et al. (DeepMind, Nature Physics, 2020) trained a graph network to predict the mobility of every particle of a supercooled liquid (a glass) from the initial static structure alone — and it beat hand-crafted structural descriptors. The longer the time horizon, the more distant neighbours matter: each message-passing layer widens an atom's field of view by one coordination shell. True long-range effects (electrostatics, elastic fields) need more than a few layers and are treated separately.

**FermiNet.** Pfau et al. (DeepMind, Phys. Rev. Research, 2020) used a neural network differently — not to learn from data but as the many-electron wavefunction itself. The network is antisymmetric (through determinants) and is optimised by variational Monte Carlo on the energy, with no training examples. For small molecules it reaches energies close to chemical accuracy. Here machine learning does not replace quantum mechanics — it solves its equations.`,
);

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT));
  root.appendChild(
    h(
      'p',
      { class: 'note' },
      t(
        tr(
          'Дальше — практика: сначала основы нейросетей, затем графовые сети для кристаллов.',
          'Next come the practicals: neural network basics first, then graph networks for crystals.',
        ),
      ),
    ),
  );
}
