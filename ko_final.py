KO = {' ({n} row has a tie for the largest logit: the first of the tied classes is the prediction)': ' ({n}개 행에서 가장 큰 로짓이 동률입니다: 동률인 클래스 중 첫 번째를 예측으로 봅니다)',
 ', or equal ignore_index = {ignore_index}': ' (또는 ignore_index = {ignore_index})',
 '<br>Note: {notes}.': '<br>참고: {notes}.',
 'Bar chart of softmax(a / T) at T = {temperature:.2f} for logits ({logits}): ({probs}).': '로짓 ({logits})에 대한 T = {temperature:.2f}에서의 softmax(a / T) 막대그래프: ({probs}).',
 'Bar chart of softmax(a / T), one bar per class, for the logits and temperature set by the sliders; the probabilities are also written below it.': '슬라이더로 정한 로짓과 온도에 대한 softmax(a / T)의 막대그래프로, 클래스마다 '
                                                                                                                                                    '막대가 하나입니다. 확률은 그래프 아래에도 적혀 있습니다.',
 "Bar chart of the attention weights of one query over the keys, for the head size d and the scaling set by the controls; the largest weight and the Jacobian's size are written below it.": '컨트롤로 정한 '
                                                                                                                                                                                             '헤드 크기 d와 '
                                                                                                                                                                                             '스케일링에서, '
                                                                                                                                                                                             '쿼리 하나가 '
                                                                                                                                                                                             '키들에 주는 '
                                                                                                                                                                                             '어텐션 가중치의 '
                                                                                                                                                                                             '막대그래프입니다. '
                                                                                                                                                                                             '가장 큰 '
                                                                                                                                                                                             '가중치와 '
                                                                                                                                                                                             '야코비안의 '
                                                                                                                                                                                             '크기는 그래프 '
                                                                                                                                                                                             '아래에 적혀 '
                                                                                                                                                                                             '있습니다.',
 'Bar chart of the {N} rows of the batch: for each row a solid blue bar, its weight in the mean, and an orange hatched bar, its share of the gradient; an ignored row is a grey cross-hatched bar. Values in the table below.': '배치의 '
                                                                                                                                                                                                                                '{N}개 '
                                                                                                                                                                                                                                '행에 '
                                                                                                                                                                                                                                '대한 '
                                                                                                                                                                                                                                '막대그래프입니다. '
                                                                                                                                                                                                                                '행마다 '
                                                                                                                                                                                                                                '평균에서의 '
                                                                                                                                                                                                                                '가중치를 '
                                                                                                                                                                                                                                '나타내는 '
                                                                                                                                                                                                                                '파란 '
                                                                                                                                                                                                                                '막대와, '
                                                                                                                                                                                                                                '기울기에서의 '
                                                                                                                                                                                                                                '몫을 '
                                                                                                                                                                                                                                '나타내는 '
                                                                                                                                                                                                                                '빗금 '
                                                                                                                                                                                                                                '친 '
                                                                                                                                                                                                                                '주황 '
                                                                                                                                                                                                                                '막대가 '
                                                                                                                                                                                                                                '있습니다. '
                                                                                                                                                                                                                                '무시된 '
                                                                                                                                                                                                                                '행은 '
                                                                                                                                                                                                                                '격자 '
                                                                                                                                                                                                                                '빗금의 '
                                                                                                                                                                                                                                '회색 '
                                                                                                                                                                                                                                '막대입니다. '
                                                                                                                                                                                                                                '값은 '
                                                                                                                                                                                                                                '아래 '
                                                                                                                                                                                                                                '표에 '
                                                                                                                                                                                                                                '있습니다.',
 'Bars of y = softmax(a) and a heatmap of the Jacobian with each entry written in its cell, for the current logits.': '현재 로짓에 대한 y = softmax(a)의 막대와, 각 원소를 칸에 적은 야코비안 히트맵입니다.',
 'Bars per token: the probability after temperature and the top-k, top-p and min-p filters; a diamond on each: the frequency of that token in seeded draws from it. The values are also written below.': '토큰마다 '
                                                                                                                                                                                                         '막대 '
                                                                                                                                                                                                         '하나: '
                                                                                                                                                                                                         '온도와 '
                                                                                                                                                                                                         'top-k, '
                                                                                                                                                                                                         'top-p, '
                                                                                                                                                                                                         'min-p '
                                                                                                                                                                                                         '필터를 '
                                                                                                                                                                                                         '거친 '
                                                                                                                                                                                                         '뒤의 '
                                                                                                                                                                                                         '확률입니다. '
                                                                                                                                                                                                         '막대마다 '
                                                                                                                                                                                                         '다이아몬드 '
                                                                                                                                                                                                         '하나: '
                                                                                                                                                                                                         '그 '
                                                                                                                                                                                                         '확률에서 '
                                                                                                                                                                                                         '시드를 '
                                                                                                                                                                                                         '고정해 '
                                                                                                                                                                                                         '뽑은 '
                                                                                                                                                                                                         '표본에서 '
                                                                                                                                                                                                         '그 '
                                                                                                                                                                                                         '토큰이 '
                                                                                                                                                                                                         '나온 '
                                                                                                                                                                                                         '빈도입니다. '
                                                                                                                                                                                                         '값은 '
                                                                                                                                                                                                         '아래에도 '
                                                                                                                                                                                                         '적혀 '
                                                                                                                                                                                                         '있습니다.',
 'C (cols)': 'C (열)',
 'Computational graph of softmax and cross-entropy with every forward value and the gradient on every edge for the current logits; loss and gradients also below.': '현재 로짓에 대한 소프트맥스와 교차 엔트로피의 계산 '
                                                                                                                                                                    '그래프로, 모든 순방향 값과 모든 간선의 기울기가 적혀 '
                                                                                                                                                                    '있습니다. 손실과 기울기는 아래에도 있습니다.',
 'D = sum of w[k_n] over the {kept} kept rows = <code>{D:.4g}</code> &nbsp; {verdict}': 'D = 남은 {kept}개 행의 w[k_n] 합 = <code>{D:.4g}</code> &nbsp; {verdict}',
 'Decision regions at the current temperature: the plane coloured by predicted class, paler where the model is less sure, with the points as markers per class.': '현재 온도에서의 결정 영역입니다. 평면은 예측된 클래스의 색으로 '
                                                                                                                                                                  '칠해져 있고, 모델이 덜 확신하는 곳일수록 옅습니다. 점은 '
                                                                                                                                                                  '클래스마다 다른 마커로 표시됩니다.',
 'FAILS': '실패',
 'GraphExplorer draws 3 classes, got {n} logits': 'GraphExplorer는 클래스 3개를 그립니다. 로짓 {n}개를 받았습니다',
 'Grouped bar chart per class of y = softmax(a / T), the smoothed target t and the gradient y - t for the current eps and T; the values are also written below.': '현재 eps와 T에 대해 클래스별로 y = softmax(a / '
                                                                                                                                                                  'T), 스무딩된 타깃 t, 기울기 y - t를 묶어 그린 '
                                                                                                                                                                  '막대그래프입니다. 값은 아래에도 적혀 있습니다.',
 'Grouped bar chart per class of y, the one-hot t and the gradient y - t for the current logits and true class; the values are also written below.': '현재 로짓과 정답 클래스에 대해 클래스별로 y, 원-핫 t, 기울기 y - t를 묶어 '
                                                                                                                                                     '그린 막대그래프입니다. 값은 아래에도 적혀 있습니다.',
 "Heatmap of the attention weights, queries in rows and keys in columns, each weight written in its cell and masked cells marked 'off', for the mask set by the grid of checkboxes.": '체크박스 격자로 정한 '
                                                                                                                                                                                      '마스크에 대한 어텐션 가중치 '
                                                                                                                                                                                      '히트맵입니다. 행은 쿼리, '
                                                                                                                                                                                      '열은 키이고, 각 가중치는 '
                                                                                                                                                                                      '칸에 적혀 있으며 마스크된 '
                                                                                                                                                                                      "칸에는 'off'라고 "
                                                                                                                                                                                      '표시됩니다.',
 'Horizontal bar chart, log scale: the gradient-check error of each implementation at the current scale; failing bars hatched; errors and verdicts in the table below.': '로그 눈금의 가로 막대그래프: 현재 배율에서 각 '
                                                                                                                                                                         '구현의 기울기 검사 오차입니다. 실패한 막대에는 '
                                                                                                                                                                         '빗금이 있습니다. 오차와 판정은 아래 표에 '
                                                                                                                                                                         '있습니다.',
 'Horizontal bar chart, one bar per loss variant for the current logits and true class; kinds by colour and hatch, values and kinds in words in the table below.': '현재 로짓과 정답 클래스에 대해 손실 변형마다 막대가 하나인 '
                                                                                                                                                                   '가로 막대그래프입니다. 종류는 색과 빗금으로 구분하고, 값과 '
                                                                                                                                                                   '종류는 아래 표에 글로 적혀 있습니다.',
 'JacobianExplorer takes 2 to 6 logits, got {n}': 'JacobianExplorer는 로짓을 2개에서 6개까지 받습니다. {n}개를 받았습니다',
 'Left: the scores as bars, the tile being read shaded and hatched, the running max so far as a solid step line. Right: the running sum s after each tile read so far (circles) against the direct sum (dashed). The readout below gives the numbers.': '왼쪽: '
                                                                                                                                                                                                                                                        '점수를 '
                                                                                                                                                                                                                                                        '막대로 '
                                                                                                                                                                                                                                                        '그리고, '
                                                                                                                                                                                                                                                        '읽고 '
                                                                                                                                                                                                                                                        '있는 '
                                                                                                                                                                                                                                                        '타일은 '
                                                                                                                                                                                                                                                        '음영과 '
                                                                                                                                                                                                                                                        '빗금으로, '
                                                                                                                                                                                                                                                        '지금까지의 '
                                                                                                                                                                                                                                                        '누적 '
                                                                                                                                                                                                                                                        '최댓값은 '
                                                                                                                                                                                                                                                        '실선 '
                                                                                                                                                                                                                                                        '계단으로 '
                                                                                                                                                                                                                                                        '표시합니다. '
                                                                                                                                                                                                                                                        '오른쪽: '
                                                                                                                                                                                                                                                        '지금까지 '
                                                                                                                                                                                                                                                        '읽은 '
                                                                                                                                                                                                                                                        '각 '
                                                                                                                                                                                                                                                        '타일 '
                                                                                                                                                                                                                                                        '뒤의 '
                                                                                                                                                                                                                                                        '누적 '
                                                                                                                                                                                                                                                        '합 '
                                                                                                                                                                                                                                                        's(원)를 '
                                                                                                                                                                                                                                                        '직접 '
                                                                                                                                                                                                                                                        '구한 '
                                                                                                                                                                                                                                                        '합(점선)과 '
                                                                                                                                                                                                                                                        '비교합니다. '
                                                                                                                                                                                                                                                        '숫자는 '
                                                                                                                                                                                                                                                        '아래 '
                                                                                                                                                                                                                                                        '판독값에 '
                                                                                                                                                                                                                                                        '있습니다.',
 'MaskGrid takes a square score matrix of 2 to 6 rows, got shape {shape}': 'MaskGrid는 2행에서 6행까지의 정사각 점수 행렬을 받습니다(받은 shape: {shape})',
 'N (rows)': 'N (행)',
 "Reliability diagram of the fixed predictions at the chosen temperature T and bin count: accuracy bars per confidence bin, hatched gaps up or down to each bin's mean confidence, and the diagonal; ECE, NLL and accuracy are written below.": '고정된 '
                                                                                                                                                                                                                                                '예측에 '
                                                                                                                                                                                                                                                '대해, '
                                                                                                                                                                                                                                                '고른 '
                                                                                                                                                                                                                                                '온도 '
                                                                                                                                                                                                                                                'T와 '
                                                                                                                                                                                                                                                '구간 '
                                                                                                                                                                                                                                                '수에서 '
                                                                                                                                                                                                                                                '그린 '
                                                                                                                                                                                                                                                '신뢰도 '
                                                                                                                                                                                                                                                '다이어그램입니다. '
                                                                                                                                                                                                                                                '신뢰도 '
                                                                                                                                                                                                                                                '구간마다 '
                                                                                                                                                                                                                                                '정확도 '
                                                                                                                                                                                                                                                '막대가 '
                                                                                                                                                                                                                                                '있고, '
                                                                                                                                                                                                                                                '각 '
                                                                                                                                                                                                                                                '구간의 '
                                                                                                                                                                                                                                                '평균 '
                                                                                                                                                                                                                                                '신뢰도까지 '
                                                                                                                                                                                                                                                '위아래로 '
                                                                                                                                                                                                                                                '빗금 '
                                                                                                                                                                                                                                                '친 '
                                                                                                                                                                                                                                                '차이와 '
                                                                                                                                                                                                                                                '대각선이 '
                                                                                                                                                                                                                                                '있습니다. '
                                                                                                                                                                                                                                                'ECE, '
                                                                                                                                                                                                                                                'NLL, '
                                                                                                                                                                                                                                                '정확도는 '
                                                                                                                                                                                                                                                '아래에 '
                                                                                                                                                                                                                                                '적혀 '
                                                                                                                                                                                                                                                '있습니다.',
 'ReliabilityExplorer needs finite logits of shape (N, C), got shape {shape}': 'ReliabilityExplorer에는 shape (N, C)의 유한한 로짓이 필요합니다(받은 shape: {shape})',
 "S = sum of exp(a) is {total:.3g}, and the 1/x node's derivative -1/S^2 needs S^2 (and 1/S^2) inside float64's range, so S must lie between about 1e-154 and 1e154. {fix}": 'S = exp(a)의 합이 '
                                                                                                                                                                             '{total:.3g}입니다. 1/x 노드의 '
                                                                                                                                                                             '도함수 -1/S^2를 계산하려면 S^2(와 '
                                                                                                                                                                             '1/S^2)가 float64의 범위 안에 '
                                                                                                                                                                             '있어야 하므로, S는 대략 1e-154와 '
                                                                                                                                                                             '1e154 사이여야 합니다. {fix}',
 'SamplingExplorer takes 2 to 10 finite logits, got {logits}': 'SamplingExplorer는 유한한 로짓을 2개에서 10개까지 받습니다(받은 값: {logits})',
 'SmoothingExplorer takes 2 to 6 finite logits, got {logits}': 'SmoothingExplorer는 유한한 로짓을 2개에서 6개까지 받습니다(받은 값: {logits})',
 'SoftmaxExplorer takes 3 to 10 logits, got {n}': 'SoftmaxExplorer는 로짓을 3개에서 10개까지 받습니다. {n}개를 받았습니다',
 'T = {T:.2f} &nbsp; validation: loss {loss:.4f} &nbsp; accuracy {accuracy:.3f} &nbsp; mean confidence {confidence:.3f}': 'T = {T:.2f} &nbsp; 검증: 손실 {loss:.4f} &nbsp; 정확도 {accuracy:.3f} &nbsp; 평균 '
                                                                                                                          '신뢰도 {confidence:.3f}',
 'T = {T:.2f}, {n_bins} bins ({full} not empty) &nbsp; ECE {ece:.4f} &nbsp; NLL {nll:.4f} &nbsp; accuracy {accuracy:.4f}{tied} &nbsp; mean confidence {confidence:.4f}': 'T = {T:.2f}, 구간 {n_bins}개(비어 '
                                                                                                                                                                         '있지 않은 구간 {full}개) &nbsp; ECE '
                                                                                                                                                                         '{ece:.4f} &nbsp; NLL '
                                                                                                                                                                         '{nll:.4f} &nbsp; 정확도 '
                                                                                                                                                                         '{accuracy:.4f}{tied} &nbsp; '
                                                                                                                                                                         '평균 신뢰도 {confidence:.4f}',
 "T = {given:g} is outside the slider's range [0.01, 100]: set to {value:g}": 'T = {given:g}: 슬라이더의 범위 [0.01, 100] 밖이라 {value:g}에 맞췄습니다',
 'T = {temperature:.2f} &nbsp; y = [{probs}] &nbsp; sum = {total:.6f} &nbsp; argmax = {argmax}': 'T = {temperature:.2f} &nbsp; y = [{probs}] &nbsp; 합 = {total:.6f} &nbsp; argmax = {argmax}',
 'T must be in [0.25, 8], got {T!r}': 'T는 [0.25, 8] 안에 있어야 합니다(받은 값: {T!r})',
 "T must be in [0.5, 10], the T slider's range, got {T!r}": 'T는 T 슬라이더의 범위인 [0.5, 10] 안에 있어야 합니다(받은 값: {T!r})',
 'T, the temperature dividing the logits': 'T, 로짓을 나누는 온도',
 'T, the temperature of softmax(logits / T)': 'T, softmax(logits / T)의 온도',
 'The graph computes exp(a) as written (no max shift, so that every node shows its textbook value); subtract max(logits) from the logits first: y and dL/da do not change': '이 그래프는 모든 노드가 교과서의 값을 보여 '
                                                                                                                                                                            '주도록 exp(a)를 쓰인 그대로(최댓값을 '
                                                                                                                                                                            '빼지 않고) 계산합니다. 로짓에서 먼저 '
                                                                                                                                                                            'max(logits)를 빼세요. y와 '
                                                                                                                                                                            'dL/da는 달라지지 않습니다',
 'TileStepper takes 2 to 64 scores in a 1-D array, got shape {shape}': 'TileStepper는 1차원 배열로 된 점수를 2개에서 64개까지 받습니다(받은 shape: {shape})',
 'Two bar charts for the current logits: naive softmax on the left, where nan shows as a label with no bar, and the max-subtracted softmax on the right; values below.': '현재 로짓에 대한 막대그래프 두 개입니다. 왼쪽은 '
                                                                                                                                                                         '단순한 소프트맥스로, nan은 막대 없이 글자로만 '
                                                                                                                                                                         '나타납니다. 오른쪽은 최댓값을 뺀 소프트맥스입니다. '
                                                                                                                                                                         '값은 아래에 있습니다.',
 'Two grids: the batch x with the entries the highlighted output reduces over outlined, and the result in its own shape; shapes in the readout.': '격자 두 개: 강조된 출력이 리덕션하는 원소에 테두리를 친 배치 x와, 자기 shape로 '
                                                                                                                                                  '그린 결과입니다. shape는 판독값에 있습니다.',
 'Two line charts growing as training runs: loss and accuracy per epoch, training solid, validation dashed.': '학습이 진행되며 늘어나는 선 그래프 두 개: 에포크마다의 손실과 정확도입니다. 학습은 실선, 검증은 점선입니다.',
 'X has no samples (shape {shape}): there is nothing to train on': 'X에 샘플이 없습니다(shape {shape}). 학습할 것이 없습니다',
 'X_val has no samples (shape {shape}): give a validation set, or leave out X_val and labels_val': 'X_val에 샘플이 없습니다(shape {shape}). 검증 세트를 주거나, X_val과 labels_val을 모두 빼세요',
 'YMinusTExplorer takes 2 to 6 logits, got {n}': 'YMinusTExplorer는 로짓을 2개에서 6개까지 받습니다. {n}개를 받았습니다',
 'a = [{logits}] ({dtype}) &nbsp; max a = {top:.1f}, min a = {bottom:.1f} &nbsp; exp overflows above {limit:.2f}<br>naive = [{naive}] &nbsp; stable = [{stable}] &nbsp; <b>{why}</b>': 'a = [{logits}] '
                                                                                                                                                                                       '({dtype}) '
                                                                                                                                                                                       '&nbsp; max a = '
                                                                                                                                                                                       '{top:.1f}, min '
                                                                                                                                                                                       'a = '
                                                                                                                                                                                       '{bottom:.1f} '
                                                                                                                                                                                       '&nbsp; exp는 '
                                                                                                                                                                                       '{limit:.2f} '
                                                                                                                                                                                       '위에서 '
                                                                                                                                                                                       '오버플로<br>단순한 버전 '
                                                                                                                                                                                       '= [{naive}] '
                                                                                                                                                                                       '&nbsp; 안정한 버전 '
                                                                                                                                                                                       '= [{stable}] '
                                                                                                                                                                                       '&nbsp; '
                                                                                                                                                                                       '<b>{why}</b>',
 "a finite T is optimal, but it lies above the range searched, [1e-6, 1e6] times the logits' spread {spread:.3g} (reached T = {T:.3g} with the NLL still falling); rescale the logits, or fit on more varied samples": '유한한 '
                                                                                                                                                                                                                       'T가 '
                                                                                                                                                                                                                       '최적이지만, '
                                                                                                                                                                                                                       '그 '
                                                                                                                                                                                                                       '값이 '
                                                                                                                                                                                                                       '탐색한 '
                                                                                                                                                                                                                       '범위(로짓 '
                                                                                                                                                                                                                       '퍼짐 '
                                                                                                                                                                                                                       '{spread:.3g}의 '
                                                                                                                                                                                                                       '[1e-6, '
                                                                                                                                                                                                                       '1e6]배)보다 '
                                                                                                                                                                                                                       '위에 '
                                                                                                                                                                                                                       '있습니다(T '
                                                                                                                                                                                                                       '= '
                                                                                                                                                                                                                       '{T:.3g}에 '
                                                                                                                                                                                                                       '이르렀는데도 '
                                                                                                                                                                                                                       'NLL이 '
                                                                                                                                                                                                                       '계속 '
                                                                                                                                                                                                                       '줄었습니다). '
                                                                                                                                                                                                                       '로짓의 '
                                                                                                                                                                                                                       '스케일을 '
                                                                                                                                                                                                                       '바꾸거나, '
                                                                                                                                                                                                                       '더 '
                                                                                                                                                                                                                       '다양한 '
                                                                                                                                                                                                                       '샘플로 '
                                                                                                                                                                                                                       '맞추세요',
 "a finite T is optimal, but it lies below the range searched, [1e-6, 1e6] times the logits' spread {spread:.3g} (reached T = {T:.3g} with the NLL still falling); rescale the logits, or fit on more varied samples": '유한한 '
                                                                                                                                                                                                                       'T가 '
                                                                                                                                                                                                                       '최적이지만, '
                                                                                                                                                                                                                       '그 '
                                                                                                                                                                                                                       '값이 '
                                                                                                                                                                                                                       '탐색한 '
                                                                                                                                                                                                                       '범위(로짓 '
                                                                                                                                                                                                                       '퍼짐 '
                                                                                                                                                                                                                       '{spread:.3g}의 '
                                                                                                                                                                                                                       '[1e-6, '
                                                                                                                                                                                                                       '1e6]배)보다 '
                                                                                                                                                                                                                       '아래에 '
                                                                                                                                                                                                                       '있습니다(T '
                                                                                                                                                                                                                       '= '
                                                                                                                                                                                                                       '{T:.3g}에 '
                                                                                                                                                                                                                       '이르렀는데도 '
                                                                                                                                                                                                                       'NLL이 '
                                                                                                                                                                                                                       '계속 '
                                                                                                                                                                                                                       '줄었습니다). '
                                                                                                                                                                                                                       '로짓의 '
                                                                                                                                                                                                                       '스케일을 '
                                                                                                                                                                                                                       '바꾸거나, '
                                                                                                                                                                                                                       '더 '
                                                                                                                                                                                                                       '다양한 '
                                                                                                                                                                                                                       '샘플로 '
                                                                                                                                                                                                                       '맞추세요',
 'a row of probs sums to 0: there is nothing to sample': 'probs의 한 행의 합이 0입니다. 샘플링할 것이 없습니다',
 'a row of {name} is all -inf: every token is removed, there is nothing to sample': '{name}의 한 행이 모두 -inf입니다. 모든 토큰이 제거되어 샘플링할 것이 없습니다',
 'accuracy and confidence per bin': '구간별 정확도와 신뢰도',
 'analytic_grad has shape {shape} but x has shape {x_shape}': 'analytic_grad의 shape는 {shape}인데 x의 shape는 {x_shape}입니다',
 'axis': '축',
 'axis must be an int, got {axis!r}': 'axis는 int여야 합니다(받은 값: {axis!r})',
 'axis to reduce over': '리덕션할 축',
 'axis {axis} is out of range for {name} with shape {shape}': 'axis {axis}: shape {shape}인 {name}의 축 범위를 벗어납니다',
 'bars: probability; diamonds: frequency in {draws:,} seeded draws': '막대: 확률, 다이아몬드: 시드를 고정한 {draws:,}번 추출의 빈도',
 'batch size mismatch: {name} has N = {N} samples, shape {logits_shape}, but the probability targets have {n_targets} rows, shape {targets_shape}': '배치 크기가 맞지 않습니다: {name}에는 샘플이 N = {N}개(shape '
                                                                                                                                                    '{logits_shape}) 있는데, 확률 타깃은 {n_targets}행(shape '
                                                                                                                                                    '{targets_shape})입니다',
 'batch size mismatch: {name} has N = {N} samples, shape {shape}, but there are {n_targets} class-index targets': '배치 크기가 맞지 않습니다: {name}에는 샘플이 N = {N}개(shape {shape}) 있는데, 클래스 인덱스 타깃은 '
                                                                                                                  '{n_targets}개입니다',
 'bins': '구간',
 'bins: how many equal-width confidence bins': '구간: 같은 너비의 신뢰도 구간 수',
 'causal must be True or False, got {causal!r}': 'causal은 True 또는 False여야 합니다(받은 값: {causal!r})',
 'class {label} has a single sample: every class needs at least 2, one for training and one for the test set': '클래스 {label}에는 샘플이 하나뿐입니다. 모든 클래스에는 학습용 하나와 테스트 세트용 하나, 적어도 2개가 필요합니다',
 'class {n}': '클래스 {n}',
 'class-index targets for logits of shape (N, C, d1, ...) = {logits_shape} must have shape (N, d1, ...) = {positions}, got {targets_shape}': 'shape (N, C, d1, ...) = {logits_shape}인 로짓의 클래스 인덱스 타깃은 '
                                                                                                                                             'shape (N, d1, ...) = {positions}여야 합니다(받은 shape: '
                                                                                                                                             '{targets_shape})',
 'class-index targets must have shape (N,) = ({N},), got {shape}': '클래스 인덱스 타깃은 shape (N,) = ({N},)여야 합니다(받은 shape: {shape})',
 'd must be one of {choices}, got {d!r}': 'd는 {choices} 중 하나여야 합니다(받은 값: {d!r})',
 'd, the head size (length of q and k)': 'd, 헤드 크기(q와 k의 길이)',
 'dL/da = y - t (true class {k})': 'dL/da = y - t (정답 클래스 {k})',
 'decision regions (black edge: validation)': '결정 영역 (검은 테두리: 검증)',
 'diagonal y(1-y) = [{diagonal}] &nbsp; row sums = [{row_sums}] &nbsp; det J = {det} &nbsp; largest |J_ij| = {largest} (never above 0.25)': '대각 y(1-y) = [{diagonal}] &nbsp; 행의 합 = [{row_sums}] '
                                                                                                                                            '&nbsp; det J = {det} &nbsp; 가장 큰 |J_ij| = {largest} '
                                                                                                                                            '(0.25를 넘지 않음)',
 'divide the scores by √d': '점수를 √d로 나누기',
 'dout has shape {dout_shape} but forward() returned probabilities of shape {shape}; dout = dL/dprobs must have that shape': 'dout의 shape는 {dout_shape}인데 forward()는 shape {shape}의 확률을 반환했습니다. dout = '
                                                                                                                             'dL/dprobs는 그 shape여야 합니다',
 'dout has shape {dout_shape} but probs has shape {probs_shape}; they must match': 'dout의 shape는 {dout_shape}인데 probs의 shape는 {probs_shape}입니다. 둘이 같아야 합니다',
 'dout must be a scalar for reduction={reduction!r}, got shape {shape}': 'reduction={reduction!r}일 때 dout은 스칼라여야 합니다(받은 shape: {shape})',
 'draws must be an int >= 1, got {draws!r}': 'draws는 1 이상의 int여야 합니다(받은 값: {draws!r})',
 "dtype must be 'float64' or 'float32', got {dtype!r}": "dtype은 'float64' 또는 'float32'여야 합니다(받은 값: {dtype!r})",
 'dtype must be one of {choices} (or the NumPy dtype of one), got {dtype!r}': 'dtype은 {choices} 중 하나(또는 그중 하나의 NumPy dtype)여야 합니다(받은 값: {dtype!r})',
 'dtype, the floating-point type of the logits': 'dtype, 로짓의 부동소수점 타입',
 'empty batch: {name} has shape {shape}': '빈 배치입니다: {name}의 shape가 {shape}입니다',
 'empty input: input has shape {shape}': '빈 입력입니다: input의 shape가 {shape}입니다',
 'empty input: x has shape {shape}': '빈 입력입니다: x의 shape가 {shape}입니다',
 "empty must be 'zeros', 'nan' or 'uniform' (what a fully masked row gives), got {empty!r}": "empty는 'zeros', 'nan', 'uniform' 중 하나(완전히 마스크된 행이 내는 값)여야 합니다(받은 값: {empty!r})",
 'empty must be one of {choices}, got {empty!r}': 'empty는 {choices} 중 하나여야 합니다(받은 값: {empty!r})',
 'empty row': '빈 행',
 'empty row: what a fully masked row gives': '빈 행: 완전히 마스크된 행이 내는 값',
 'epoch {epoch}': '에포크 {epoch}',
 'eps must be a float, got {eps!r}': 'eps는 float여야 합니다(받은 값: {eps!r})',
 'eps must be in (0, 0.5), got {eps}; probabilities are clipped to [eps, 1 - eps]': 'eps는 (0, 0.5) 안에 있어야 합니다(받은 값: {eps}). 확률은 [eps, 1 - eps]로 클리핑됩니다',
 "eps must be in [0, 0.5], the eps slider's range, got {eps!r}": 'eps는 eps 슬라이더의 범위인 [0, 0.5] 안에 있어야 합니다(받은 값: {eps!r})',
 'every exp(a) is finite, but their sum overflows to inf: finite / inf = 0, so every probability is 0 (no nan)': '모든 exp(a)는 유한하지만 그 합이 inf로 오버플로합니다: finite / inf = 0이므로 모든 확률이 0입니다(nan은 없음)',
 'every exp(a) underflows to 0 (every logit is below {limit:.2f}): 0 / 0 = nan': '모든 exp(a)가 0으로 언더플로합니다(모든 로짓이 {limit:.2f}보다 작음): 0 / 0 = nan',
 'every row of logits is constant': '로짓의 모든 행이 상수입니다',
 'every target is ignored: D = 0, the loss is 0 / 0 = nan (as in PyTorch) and the gradient is all 0': '모든 타깃이 무시되었습니다: D = 0이고, 손실은 0 / 0 = nan(PyTorch와 같음), 기울기는 모두 0입니다',
 "every weight must be in [0, 5], the sliders' range, got {weight}": '모든 가중치는 슬라이더의 범위인 [0, 5] 안에 있어야 합니다(받은 값: {weight})',
 'exp(a) overflows to inf for {k} of the {n} logits (above {limit:.2f}): inf / inf = nan there': '로짓 {n}개 중 {k}개에서 exp(a)가 inf로 오버플로합니다({limit:.2f}보다 큼): 그 자리에서는 inf / inf = nan입니다',
 'exp(a) overflows to inf for {k} of the {n} logits (above {limit:.2f}): inf / inf = nan there, and finite / inf = 0 for the others': '로짓 {n}개 중 {k}개에서 exp(a)가 inf로 오버플로합니다({limit:.2f}보다 큼): 그 자리에서는 '
                                                                                                                                      'inf / inf = nan이고, 나머지는 finite / inf = 0입니다',
 'exp(a) overflows to inf. {fix}': 'exp(a)가 inf로 오버플로합니다. {fix}',
 'f must be a function of x, got {type_name}': 'f는 x의 함수여야 합니다(받은 타입: {type_name})',
 'f must return a real number, got dtype {dtype}': 'f는 실수를 반환해야 합니다(받은 dtype: {dtype})',
 'f must return a scalar, got an array of shape {shape}': 'f는 스칼라를 반환해야 합니다. shape {shape}의 배열을 받았습니다',
 'f returned a float with rounding unit {unit:.2g} (float32 or float16): a central difference needs f in float64, its rounding would swamp the step h = {h}': 'f가 반올림 단위 {unit:.2g}의 float(float32 또는 '
                                                                                                                                                              'float16)를 반환했습니다. 중심 차분에는 float64의 f가 '
                                                                                                                                                              '필요합니다. 그렇지 않으면 반올림 오차가 간격 h = {h}를 덮어 '
                                                                                                                                                              '버립니다',
 'first tile: nothing to rescale': '첫 타일: 다시 스케일할 것이 없음',
 'fit_temperature did not converge in {max_iter} steps (T = {T:.6g}, dL/dlog T = {grad:.3g})': 'fit_temperature가 {max_iter}스텝 안에 수렴하지 않았습니다(T = {T:.6g}, dL/dlog T = {grad:.3g})',
 'frequency in {draws:,} draws': '{draws:,}번 추출의 빈도',
 'give one token name per logit: {n_tokens} names for {n_logits} logits': '로짓마다 토큰 이름을 하나씩 주세요: 로짓 {n_logits}개에 이름이 {n_tokens}개입니다',
 'gradient share': '기울기 몫',
 'ignore row {n}': '행 {n} 무시',
 'ignore row {n}: leave its target out': '행 {n} 무시: 그 타깃을 뺍니다',
 'ignore_index = {ignore_index} is for class-index targets; probability targets have no index to ignore (PyTorch raises too; it accepts a negative ignore_index, such as the default -100, and ignores it)': 'ignore_index '
                                                                                                                                                                                                             '= '
                                                                                                                                                                                                             '{ignore_index}는 '
                                                                                                                                                                                                             '클래스 '
                                                                                                                                                                                                             '인덱스 '
                                                                                                                                                                                                             '타깃에 '
                                                                                                                                                                                                             '쓰는 '
                                                                                                                                                                                                             '것입니다. '
                                                                                                                                                                                                             '확률 '
                                                                                                                                                                                                             '타깃에는 '
                                                                                                                                                                                                             '무시할 '
                                                                                                                                                                                                             '인덱스가 '
                                                                                                                                                                                                             '없습니다(PyTorch도 '
                                                                                                                                                                                                             '오류를 '
                                                                                                                                                                                                             '냅니다. '
                                                                                                                                                                                                             '다만 '
                                                                                                                                                                                                             '기본값 '
                                                                                                                                                                                                             '-100 '
                                                                                                                                                                                                             '같은 '
                                                                                                                                                                                                             '음수 '
                                                                                                                                                                                                             'ignore_index는 '
                                                                                                                                                                                                             '받아들이고 '
                                                                                                                                                                                                             '무시합니다)',
 'ignore_index must be an int (a class index to leave out), got {ignore_index!r}': 'ignore_index는 int(뺄 클래스 인덱스)여야 합니다(받은 값: {ignore_index!r})',
 'ignored': '무시됨',
 'input is a scalar: give log-probabilities with at least one dimension, (N, C) or (C,)': 'input이 스칼라입니다. 적어도 1차원인 로그 확률, (N, C) 또는 (C,)를 주세요',
 'integer targets of shape {shape} look like one-hot rows; integer targets are class indices of shape (N, d1, ...) = {positions}; give probability targets as floats': 'shape {shape}의 정수 타깃은 원-핫 행처럼 '
                                                                                                                                                                       '보입니다. 정수 타깃은 shape (N, d1, '
                                                                                                                                                                       '...) = {positions}의 클래스 '
                                                                                                                                                                       '인덱스입니다. 확률 타깃은 float로 주세요',
 'integer targets of shape {shape} look like one-hot rows; integer targets are class indices of shape ({N},); give one-hot or probability targets as floats': 'shape {shape}의 정수 타깃은 원-핫 행처럼 보입니다. 정수 '
                                                                                                                                                              '타깃은 shape ({N},)의 클래스 인덱스입니다. 원-핫 타깃이나 '
                                                                                                                                                              '확률 타깃은 float로 주세요',
 'k and v must have the same number of keys S, got k {k_shape} and v {v_shape}': 'k와 v의 키 개수 S가 같아야 합니다(받은 shape: k {k_shape}, v {v_shape})',
 'k must be >= 1, got {k}': 'k는 1 이상이어야 합니다(받은 값: {k})',
 'k must be an int, got {k!r}': 'k는 int여야 합니다(받은 값: {k!r})',
 'k of top-k: how many tokens are kept': 'top-k의 k: 남길 토큰 수',
 "keep must have the scores' shape {shape}, got {keep_shape}": 'keep은 점수와 같은 shape {shape}여야 합니다(받은 shape: {keep_shape})',
 'kept {kept} of {n} tokens ({order})<br>probabilities: {probs}<br>frequencies in {draws:,} draws (seed {seed}): {freqs}<br>largest gap |frequency - probability| = {gap:.4f}': '토큰 {n}개 중 {kept}개 남음 '
                                                                                                                                                                                '({order})<br>확률: '
                                                                                                                                                                                '{probs}<br>{draws:,}번 '
                                                                                                                                                                                '추출의 빈도 (시드 {seed}): '
                                                                                                                                                                                '{freqs}<br>가장 큰 차이 '
                                                                                                                                                                                '|빈도 - 확률| = {gap:.4f}',
 'label must be an int in [0, {last}], got {label!r}': 'label은 [0, {last}] 안의 int여야 합니다(받은 값: {label!r})',
 'label must be an integer class index, got {label!r}': 'label은 정수 클래스 인덱스여야 합니다(받은 값: {label!r})',
 'label smoothing eps': '레이블 스무딩 eps',
 'label {labels_max} is out of range for num_classes={C} (labels must be in [0, {C}))': '레이블 {labels_max}: num_classes={C}의 범위를 벗어납니다(레이블은 [0, {C}) 안에 있어야 합니다)',
 'label {label} is out of range: labels must be in [0, {C}) for {C} classes': '레이블 {label}: 범위를 벗어납니다. 클래스가 {C}개이면 레이블은 [0, {C}) 안에 있어야 합니다',
 'label {label} is out of range: the published problem has 3 classes, labels 0, 1, 2': '레이블 {label}: 범위를 벗어납니다. 발표된 문제에는 클래스가 3개(레이블 0, 1, 2) 있습니다',
 'label_smoothing must be a float in [0, 1], got {label_smoothing!r}': 'label_smoothing은 [0, 1] 안의 float여야 합니다(받은 값: {label_smoothing!r})',
 'label_smoothing must be in [0, 1], got {label_smoothing}; it is the share eps of the target spread evenly over the C classes: t = (1 - eps) * one_hot + eps / C': 'label_smoothing은 [0, 1] 안에 있어야 '
                                                                                                                                                                    '합니다(받은 값: {label_smoothing}). 이 '
                                                                                                                                                                    '값은 타깃 중 C개 클래스에 고르게 나눠 주는 몫 '
                                                                                                                                                                    'eps입니다: t = (1 - eps) * one_hot + '
                                                                                                                                                                    'eps / C',
 'labels is empty: pass num_classes to say how many classes there are': 'labels가 비어 있습니다. 클래스가 몇 개인지 num_classes로 알려 주세요',
 'labels is empty: there are no samples to split': 'labels가 비어 있습니다. 나눌 샘플이 없습니다',
 'labels must be 1-D, one per sample, got shape {shape}': 'labels는 샘플마다 하나씩인 1차원 배열이어야 합니다(받은 shape: {shape})',
 'labels must be >= 0, got {labels_min}': 'labels는 0 이상이어야 합니다(받은 값: {labels_min})',
 'labels must be in [0, {C}) for {C} classes, got {labels_min}..{labels_max}': '클래스가 {C}개이면 labels는 [0, {C}) 안에 있어야 합니다(받은 값: {labels_min}..{labels_max})',
 'labels must be in [0, {C}), got {low}..{high}': 'labels는 [0, {C}) 안에 있어야 합니다(받은 값: {low}..{high})',
 'labels must be integer class indices of shape (N,), got dtype {dtype}': 'labels는 shape (N,)의 정수 클래스 인덱스여야 합니다(받은 dtype: {dtype})',
 'labels must be integer class indices, got dtype {dtype}': 'labels는 정수 클래스 인덱스여야 합니다(받은 dtype: {dtype})',
 'labels must be integers, got dtype {dtype}': 'labels는 정수여야 합니다(받은 dtype: {dtype})',
 'labels must be {N} integer class indices, got shape {shape}, dtype {dtype}': 'labels는 정수 클래스 인덱스 {N}개여야 합니다(받은 값: shape {shape}, dtype {dtype})',
 'labels must have shape (N,) = ({N},), got {shape}': 'labels는 shape (N,) = ({N},)여야 합니다(받은 shape: {shape})',
 'labels {labels_shape} and predicted {predicted_shape} must be 1-D of the same length': 'labels({labels_shape})와 predicted({predicted_shape})는 길이가 같은 1차원 배열이어야 합니다',
 'live figure': '실시간 그림',
 'logit {name}': '로짓 {name}',
 'logits = {scale:.3g} &times; base logits: the gradient check fails for {failed} of {total}': '로짓 = {scale:.3g} &times; 기본 로짓: {total}개 중 {failed}개가 기울기 검사에 실패합니다',
 'logits has no classes (C = 0): there is nothing to normalise': 'logits에 클래스가 없습니다(C = 0). 정규화할 것이 없습니다',
 'logits must be (N, C) and labels (N,), got shapes {logits_shape} and {labels_shape}': 'logits는 (N, C), labels는 (N,)여야 합니다(받은 shape: {logits_shape}, {labels_shape})',
 'logits must be (N, C) and labels (N,), got {logits_shape} and {labels_shape}': 'logits는 (N, C), labels는 (N,)여야 합니다(받은 shape: {logits_shape}, {labels_shape})',
 'logits must be finite to fit a temperature': '온도를 맞추려면 로짓이 유한해야 합니다',
 'logits must be finite, got {logits}': '로짓은 유한해야 합니다(받은 값: {logits})',
 'logits must have at least 1 dimension (..., C), got a scalar': 'logits는 적어도 1차원 (..., C)이어야 합니다. 스칼라를 받았습니다',
 'logits must have shape (C,) with C >= 2, got {shape}': 'logits는 C >= 2인 shape (C,)여야 합니다(받은 shape: {shape})',
 'logits must have shape (N, C), got {shape}': 'logits는 shape (N, C)여야 합니다(받은 shape: {shape})',
 'logits of shape {shape} (N, C, d1, ...) hold no position to score: no axis may be empty': 'shape {shape} (N, C, d1, ...)의 로짓에는 점수를 매길 위치가 없습니다. 어떤 축도 비어 있으면 안 됩니다',
 "logits {logits} are out of this graph's range: {reason}.": '로짓 {logits}: 이 그래프가 다룰 수 있는 범위를 벗어납니다. {reason}.',
 'logsumexp has no terms to add up': 'logsumexp에 더할 항이 없습니다',
 'loss = weighted sum / D = <code>{loss:.4f}</code>; divided by N = {N} instead: <code>{mean_over_n:.4f}</code>': '손실 = 가중 합 / D = <code>{loss:.4f}</code>; 대신 N(= {N})으로 나누면: '
                                                                                                                  '<code>{mean_over_n:.4f}</code>',
 'loss L = {loss} &nbsp; what arrives at a: [{dlogits}] &nbsp; y - t = [{y_minus_t}]': '손실 L = {loss} &nbsp; a에 도착하는 값: [{dlogits}] &nbsp; y - t = [{y_minus_t}]',
 'loss {loss:.4f}, accuracy {accuracy:.3f}': '손실 {loss:.4f}, 정확도 {accuracy:.3f}',
 'loss {loss:.4f}, accuracy {accuracy:.3f}; validation accuracy {val_accuracy:.3f}': '손실 {loss:.4f}, 정확도 {accuracy:.3f}; 검증 정확도 {val_accuracy:.3f}',
 'lr must be positive and finite, got {lr}': 'lr은 양수이고 유한해야 합니다(받은 값: {lr})',
 'masked softmax of the scores': '점수의 마스크된 소프트맥스',
 'min_p must be a number in [0, 1], got {min_p!r}': 'min_p는 [0, 1] 안의 수여야 합니다(받은 값: {min_p!r})',
 'min_p must be in [0, 1], got {min_p}': 'min_p는 [0, 1] 안에 있어야 합니다(받은 값: {min_p})',
 'min_p: the share of the top probability a token needs': 'min_p: 토큰이 남으려면 필요한, 가장 큰 확률에 대한 비율',
 'min_tokens_to_keep must be >= 1, got {min_tokens_to_keep}': 'min_tokens_to_keep은 1 이상이어야 합니다(받은 값: {min_tokens_to_keep})',
 'min_tokens_to_keep must be an int >= 1, got {min_tokens_to_keep!r}': 'min_tokens_to_keep은 1 이상의 int여야 합니다(받은 값: {min_tokens_to_keep!r})',
 'n_bins must be >= 1, got {n_bins}': 'n_bins는 1 이상이어야 합니다(받은 값: {n_bins})',
 'n_bins must be an int in [2, {max_bins}], got {n_bins!r}': 'n_bins는 [2, {max_bins}] 안의 int여야 합니다(받은 값: {n_bins!r})',
 'n_bins must be an int, got {n_bins!r}': 'n_bins는 int여야 합니다(받은 값: {n_bins!r})',
 'naive  exp(a) / sum(exp(a))  [{dtype}]': '단순한 버전  exp(a) / sum(exp(a))  [{dtype}]',
 'no nan and no warning, but wrong: every logit is below {limit:.2f}, so every exp(a) is subnormal (fewer significant digits) or 0; the probabilities are off by up to {off}': 'nan도 경고도 없지만 틀렸습니다: 모든 '
                                                                                                                                                                               '로짓이 {limit:.2f}보다 작아서 '
                                                                                                                                                                               '모든 exp(a)가 비정규 수(유효 '
                                                                                                                                                                               '숫자가 더 적음)이거나 0입니다. 확률이 '
                                                                                                                                                                               '최대 {off}만큼 어긋납니다',
 'no nan and no warning: every logit is below {limit:.2f}, so every exp(a) is subnormal (fewer significant digits) or 0, but here the probabilities are still right to rounding (off by up to {off})': 'nan도 '
                                                                                                                                                                                                       '경고도 '
                                                                                                                                                                                                       '없습니다: '
                                                                                                                                                                                                       '모든 '
                                                                                                                                                                                                       '로짓이 '
                                                                                                                                                                                                       '{limit:.2f}보다 '
                                                                                                                                                                                                       '작아서 '
                                                                                                                                                                                                       '모든 '
                                                                                                                                                                                                       'exp(a)가 '
                                                                                                                                                                                                       '비정규 '
                                                                                                                                                                                                       '수(유효 '
                                                                                                                                                                                                       '숫자가 '
                                                                                                                                                                                                       '더 '
                                                                                                                                                                                                       '적음)이거나 '
                                                                                                                                                                                                       '0이지만, '
                                                                                                                                                                                                       '여기서는 '
                                                                                                                                                                                                       '확률이 '
                                                                                                                                                                                                       '아직 '
                                                                                                                                                                                                       '반올림 '
                                                                                                                                                                                                       '오차 '
                                                                                                                                                                                                       '안에서 '
                                                                                                                                                                                                       '맞습니다(최대 '
                                                                                                                                                                                                       '{off}만큼 '
                                                                                                                                                                                                       '어긋남)',
 'no nan, but the naive version is off by more than 0.001': 'nan은 없지만 단순한 버전이 0.001보다 크게 어긋납니다',
 'num_classes must be >= 1, got {num_classes}': 'num_classes는 1 이상이어야 합니다(받은 값: {num_classes})',
 'num_classes must be an int, got {num_classes!r}': 'num_classes는 int여야 합니다(받은 값: {num_classes!r})',
 'number of columns C (classes)': '열의 개수 C (클래스)',
 'number of rows N of the batch': '배치의 행 개수 N',
 'offset': '오프셋',
 'offset added to every logit': '모든 로짓에 더하는 오프셋',
 'offset and scale must be finite numbers, got {offset} and {scale}': 'offset과 scale은 유한한 수여야 합니다(받은 값: {offset}, {scale})',
 'one_hot would build {size} x {C} floats ({gib:.3g} GiB), more than the 1 GiB limit; is the largest label, {labels_max}, right?': 'one_hot이 float {size} x {C}개({gib:.3g} GiB)를 만들게 되어 한도 1 GiB를 '
                                                                                                                                   '넘습니다. 가장 큰 레이블({labels_max})이 맞습니까?',
 'order': '순서',
 'order of the temperature and the filters': '온도와 필터의 순서',
 'output #': '출력 #',
 'p must be a number in (0, 1], got {p!r}': 'p는 (0, 1] 안의 수여야 합니다(받은 값: {p!r})',
 'p must be in (0, 1], got {p}': 'p는 (0, 1] 안에 있어야 합니다(받은 값: {p})',
 'p of top-p: the mass the nucleus must reach': 'top-p의 p: 핵(nucleus)이 도달해야 하는 확률 질량',
 'passes': '통과',
 'probability': '확률',
 'probability targets must have the same shape as logits {logits_shape} (class axis 1), got {targets_shape}': '확률 타깃은 로짓 {logits_shape}(클래스 축 1)와 shape가 같아야 합니다(받은 shape: {targets_shape})',
 'probability targets must have the same shape as {name} {logits_shape}, got {targets_shape}': '확률 타깃은 {name} {logits_shape}와 shape가 같아야 합니다(받은 shape: {targets_shape})',
 'probs has shape {shape}: there are no classes': 'probs의 shape가 {shape}입니다. 클래스가 없습니다',
 'probs has shape {shape}: there are no samples or no classes': 'probs의 shape가 {shape}입니다. 샘플이나 클래스가 없습니다',
 'probs must be >= 0, got {bad}': 'probs는 0 이상이어야 합니다(받은 값: {bad})',
 'probs must be finite and >= 0, got {value} (did you pass logits? take softmax(logits) first)': 'probs는 유한하고 0 이상이어야 합니다(받은 값: {value})(로짓을 넘기지 않았나요? 먼저 softmax(logits)를 구하세요)',
 'probs must be softmax outputs, in [0, 1]; got {value} at flat index {index} (did you pass logits?)': 'probs는 [0, 1] 안의 소프트맥스 출력이어야 합니다. 평탄화 인덱스 {index}의 값이 {value}입니다(로짓을 넘기지 않았나요?)',
 'probs must have shape (C,) or (..., C) with C >= 1, got {shape}': 'probs는 C >= 1인 shape (C,) 또는 (..., C)여야 합니다(받은 shape: {shape})',
 'probs must have shape (C,) or (..., C), got a scalar': 'probs는 shape (C,) 또는 (..., C)여야 합니다. 스칼라를 받았습니다',
 'probs must have shape (N, C), got {shape}': 'probs는 shape (N, C)여야 합니다(받은 shape: {shape})',
 'probs must hold probabilities in [0, 1] (softmax of the logits), got values outside [{low}, {high}] or nan': 'probs에는 [0, 1] 안의 확률(로짓의 소프트맥스)이 있어야 합니다. [{low}, {high}] 범위 밖의 값이나 nan을 받았습니다',
 'q and k must have the same last dimension d, got q {q_shape} and k {k_shape}': 'q와 k의 마지막 차원 d가 같아야 합니다(받은 shape: q {q_shape}, k {k_shape})',
 'query q0: largest weight {largest:.3f}, ‖J‖ = {norm:.3f} &nbsp; | &nbsp; mean over {L} queries: largest weight {mean_largest:.3f}, ‖J‖ = {mean_norm:.3f} (uniform over {S} keys: 1/S = {uniform:.3f}, ‖J‖ = {uniform_norm:.3f})': '쿼리 '
                                                                                                                                                                                                                                    'q0: '
                                                                                                                                                                                                                                    '가장 '
                                                                                                                                                                                                                                    '큰 '
                                                                                                                                                                                                                                    '가중치 '
                                                                                                                                                                                                                                    '{largest:.3f}, '
                                                                                                                                                                                                                                    '‖J‖ '
                                                                                                                                                                                                                                    '= '
                                                                                                                                                                                                                                    '{norm:.3f} '
                                                                                                                                                                                                                                    '&nbsp; '
                                                                                                                                                                                                                                    '| '
                                                                                                                                                                                                                                    '&nbsp; '
                                                                                                                                                                                                                                    '쿼리 '
                                                                                                                                                                                                                                    '{L}개의 '
                                                                                                                                                                                                                                    '평균: '
                                                                                                                                                                                                                                    '가장 '
                                                                                                                                                                                                                                    '큰 '
                                                                                                                                                                                                                                    '가중치 '
                                                                                                                                                                                                                                    '{mean_largest:.3f}, '
                                                                                                                                                                                                                                    '‖J‖ '
                                                                                                                                                                                                                                    '= '
                                                                                                                                                                                                                                    '{mean_norm:.3f} '
                                                                                                                                                                                                                                    '(키 '
                                                                                                                                                                                                                                    '{S}개에 '
                                                                                                                                                                                                                                    '균등하면: '
                                                                                                                                                                                                                                    '1/S '
                                                                                                                                                                                                                                    '= '
                                                                                                                                                                                                                                    '{uniform:.3f}, '
                                                                                                                                                                                                                                    '‖J‖ '
                                                                                                                                                                                                                                    '= '
                                                                                                                                                                                                                                    '{uniform_norm:.3f})',
 'q{i} k{j}: ticked = query q{i} may attend to key k{j}': 'q{i} k{j}: 체크 = 쿼리 q{i} → 키 k{j} 어텐션 허용',
 'reduce': '리덕션',
 'reduce with max or sum': 'max 또는 sum으로 리덕션',
 "reduction must be 'mean', 'batchmean', 'sum' or 'none', got {reduction!r}": "reduction은 'mean', 'batchmean', 'sum', 'none' 중 하나여야 합니다(받은 값: {reduction!r})",
 "reduction must be 'mean', 'sum' or 'none', got {reduction!r}": "reduction은 'mean', 'sum', 'none' 중 하나여야 합니다(받은 값: {reduction!r})",
 'rescale factor exp(m_old - m_new) = {factor}': '다시 스케일하는 인수 exp(m_old - m_new) = {factor}',
 'rng must be a numpy.random.Generator, such as np.random.default_rng(0), got {rng!r}': 'rng는 np.random.default_rng(0) 같은 numpy.random.Generator여야 합니다(받은 값: {rng!r})',
 'row': '행',
 "row sums = [{sums}] &nbsp; fully masked: {rows} (empty='{empty}')": "행의 합 = [{sums}] &nbsp; 완전히 마스크된 행: {rows} (empty='{empty}')",
 'row sums = [{sums}] &nbsp; no fully masked row': '행의 합 = [{sums}] &nbsp; 완전히 마스크된 행 없음',
 'row {n}': '행 {n}',
 'running sum s': '누적 합 s',
 'scale': '배율',
 'scale multiplying every logit': '모든 로짓에 곱하는 배율',
 'scale multiplying the logit pattern': '로짓 패턴에 곱하는 배율',
 'scale must be a number, got {scale!r}': 'scale은 수여야 합니다(받은 값: {scale!r})',
 'scale must be finite, got {scale}': 'scale은 유한해야 합니다(받은 값: {scale})',
 'scores': '점수',
 'shape {shape}': 'shape {shape}',
 'size must be None, an int or a tuple of ints, got {size!r}': 'size는 None, int, 또는 int의 튜플이어야 합니다(받은 값: {size!r})',
 'size must not be negative, got {size}': 'size는 음수이면 안 됩니다(받은 값: {size})',
 'softmax(a / T), T = {temperature:.2f}': 'softmax(a / T), T = {temperature:.2f}',
 'stable  subtract max first  [{dtype}]': '안정한 버전  먼저 최댓값 빼기  [{dtype}]',
 "state of shape {shape} does not broadcast to the chunk's rows {rows}": 'shape {shape}의 state가 청크의 행 {rows}에 맞게 브로드캐스트되지 않습니다',
 'state_a of shape {shape_a} and state_b of shape {shape_b} do not broadcast': 'shape {shape_a}의 state_a와 shape {shape_b}의 state_b가 브로드캐스트되지 않습니다',
 'step h must be a number, got {h!r}': '간격 h는 수여야 합니다(받은 값: {h!r})',
 'step h must be positive and finite, got {h}': '간격 h는 양수이고 유한해야 합니다(받은 값: {h})',
 't = [{targets}] &nbsp; y = [{probs}]<br>loss {loss:.4f} &nbsp; floor H(t) {floor:.4f} &nbsp; loss - floor = KL(t || y) = {kl}': 't = [{targets}] &nbsp; y = [{probs}]<br>손실 {loss:.4f} &nbsp; 하한 '
                                                                                                                                  'H(t) {floor:.4f} &nbsp; 손실 - 하한 = KL(t || y) = {kl}',
 't: class {label} smoothed by eps; y = softmax(a / T)': 't: eps로 스무딩한 클래스 {label}; y = softmax(a / T)',
 'target': '타깃',
 'target label {bad} is out of range: labels must be in [0, {C}) for {C} classes{also}': '타깃 레이블 {bad}: 범위를 벗어납니다. 클래스가 {C}개이면 레이블은 [0, {C}) 안에 있어야 합니다{also}',
 'target must hold probabilities (>= 0), got {value}; for log-probabilities pass log_target=True': 'target에는 확률(0 이상)이 있어야 합니다(받은 값: {value}). 로그 확률이면 log_target=True를 넘기세요',
 'target shape {target_shape} must be the same as input shape {input_shape}': 'target의 shape({target_shape})는 input의 shape({input_shape})와 같아야 합니다',
 'targets must be integer class indices or float probabilities, got dtype {dtype}': 'targets는 정수 클래스 인덱스나 float 확률이어야 합니다(받은 dtype: {dtype})',
 'targets of shape ({N},) are class indices and must be integers, got {dtype}; use targets.astype(int), or give probabilities of shape {shape}': 'shape ({N},)의 targets는 클래스 인덱스이므로 정수여야 합니다(받은 값: '
                                                                                                                                                 '{dtype}). targets.astype(int)를 쓰거나, shape {shape}의 '
                                                                                                                                                 '확률을 주세요',
 'targets of shape {positions} are class indices and must be integers, got {dtype}; use targets.astype(int), or give probabilities of shape {shape}': 'shape {positions}의 targets는 클래스 인덱스이므로 정수여야 '
                                                                                                                                                      '합니다(받은 값: {dtype}). targets.astype(int)를 쓰거나, '
                                                                                                                                                      'shape {shape}의 확률을 주세요',
 'targets shape {targets_shape} must be the same as input shape {x_shape}': 'targets의 shape({targets_shape})는 입력의 shape({x_shape})와 같아야 합니다',
 'temperature T': '온도 T',
 'temperature T of y = softmax(a / T)': 'y = softmax(a / T)의 온도 T',
 'temperature first': '온도 먼저',
 'temperature last': '온도 나중',
 'temperature must be > 0 and finite, got {temperature}; for T = 0 (greedy) take the arg max': 'temperature는 0보다 크고 유한해야 합니다(받은 값: {temperature}). T = 0(탐욕적 선택)이면 arg max를 취하세요',
 'temperature must be a number, got {temperature!r}': 'temperature는 수여야 합니다(받은 값: {temperature!r})',
 'temperature {temperature} is too small for these logits: logits / T overflows {dtype}; for T -> 0 (greedy) take the arg max': '온도({temperature})가 이 로짓에는 너무 작습니다: logits / T가 {dtype}에서 오버플로합니다. T '
                                                                                                                                '-> 0(탐욕적 선택)이면 arg max를 취하세요',
 'test_per_class must be an int, got {test_per_class!r}': 'test_per_class는 int여야 합니다(받은 값: {test_per_class!r})',
 'test_per_class must be from 1 to {most} (test samples per class; 0 would give an empty test set), got {test_per_class}': 'test_per_class는 1부터 {most}까지여야 합니다(클래스마다의 테스트 샘플 수. 0이면 테스트 세트가 빕니다)(받은 값: '
                                                                                                                           '{test_per_class})',
 'test_per_class={test_per_class} would leave class {label} ({count} samples) with no training sample: it must be at most {most}': 'test_per_class={test_per_class}일 때 클래스 {label}(샘플 {count}개)에 학습 '
                                                                                                                                   '샘플이 남지 않습니다. {most} 이하여야 합니다',
 'the NLL does not depend on T: {why}, so softmax(logits / T) is the same for every T; no temperature to fit': 'NLL이 T에 의존하지 않습니다: {why}. 그래서 softmax(logits / T)가 모든 T에서 같으므로 맞출 온도가 없습니다',
 "the NLL keeps falling as T grows: on average the true class's logit is not above the mean logit, so uniform probabilities (T -> inf) are best; no finite temperature to fit": 'T가 커질수록 NLL이 계속 '
                                                                                                                                                                                '줄어듭니다: 평균적으로 정답 클래스의 '
                                                                                                                                                                                '로짓이 로짓 평균보다 크지 않으므로 '
                                                                                                                                                                                '균등 확률(T -> inf)이 가장 '
                                                                                                                                                                                '좋습니다. 맞출 유한한 온도가 없습니다',
 "the NLL keeps falling as T shrinks: every sample's true class has the largest logit, so T -> 0 (certainty) is best; no finite temperature to fit (use more, or harder, samples)": 'T가 작아질수록 NLL이 계속 '
                                                                                                                                                                                    '줄어듭니다: 모든 샘플에서 정답 '
                                                                                                                                                                                    '클래스의 로짓이 가장 크므로 T '
                                                                                                                                                                                    '-> 0(확신)이 가장 '
                                                                                                                                                                                    '좋습니다. 맞출 유한한 온도가 '
                                                                                                                                                                                    '없습니다(샘플을 더 많이, 또는 '
                                                                                                                                                                                    '더 어려운 것으로 쓰세요)',
 'the PyTorch process failed': 'PyTorch 프로세스가 실패했습니다',
 'the kept targets all have weight 0: D = 0, each w[k_n] / D is 0 / 0, and the loss and the gradient are nan (as in PyTorch)': '남은 타깃의 가중치가 모두 0입니다: D = 0이므로 각 w[k_n] / D가 0 / 0이고, 손실과 기울기는 '
                                                                                                                               'nan입니다(PyTorch와 같음)',
 'the leading axes of q {q_shape}, k {k_shape} and v {v_shape} do not broadcast': 'q {q_shape}, k {k_shape}, v {v_shape}의 앞쪽 축들이 브로드캐스트되지 않습니다',
 'the naive version still works here': '여기서는 단순한 버전도 아직 동작합니다',
 'the published Jacobian is the 3 x 3 one of a 3-class problem: probs must have shape (3,), got shape {shape}; softmaxlab.softmax_jacobian takes any number of classes': '발표된 야코비안은 클래스 3개인 문제의 3 x 3 '
                                                                                                                                                                         '야코비안입니다. probs는 shape (3,)여야 '
                                                                                                                                                                         '합니다(받은 shape: {shape}). '
                                                                                                                                                                         'softmaxlab.softmax_jacobian은 '
                                                                                                                                                                         '클래스 수와 상관없이 받습니다',
 "the smallest probability is {smallest:.3g}, and the log node's derivative 1/y needs y above about 1e-308, so the graph cannot show logits more than about 709 apart (a max shift does not help)": '가장 '
                                                                                                                                                                                                    '작은 '
                                                                                                                                                                                                    '확률이 '
                                                                                                                                                                                                    '{smallest:.3g}입니다. '
                                                                                                                                                                                                    'log '
                                                                                                                                                                                                    '노드의 '
                                                                                                                                                                                                    '도함수 '
                                                                                                                                                                                                    '1/y를 '
                                                                                                                                                                                                    '계산하려면 '
                                                                                                                                                                                                    'y가 '
                                                                                                                                                                                                    '대략 '
                                                                                                                                                                                                    '1e-308보다 '
                                                                                                                                                                                                    '커야 '
                                                                                                                                                                                                    '하므로, '
                                                                                                                                                                                                    '이 '
                                                                                                                                                                                                    '그래프는 '
                                                                                                                                                                                                    '서로 '
                                                                                                                                                                                                    '약 '
                                                                                                                                                                                                    '709보다 '
                                                                                                                                                                                                    '더 '
                                                                                                                                                                                                    '떨어진 '
                                                                                                                                                                                                    '로짓을 '
                                                                                                                                                                                                    '보여 '
                                                                                                                                                                                                    '줄 '
                                                                                                                                                                                                    '수 '
                                                                                                                                                                                                    '없습니다(최댓값을 '
                                                                                                                                                                                                    '빼도 '
                                                                                                                                                                                                    '소용없습니다)',
 'the temperature must be a positive number, got {temperature}': '온도는 양수여야 합니다(받은 값: {temperature})',
 'there are no classes': '클래스가 없습니다',
 'there is nothing to normalise': '정규화할 것이 없습니다',
 'there is one class': '클래스가 하나입니다',
 'tile': '타일',
 'tile number being read': '읽고 있는 타일 번호',
 'tile {k} of {n} (scores {start} to {stop}): running max m = {m}; {first}; s = {s}': '타일 {n}개 중 {k}번째 (점수 {start}부터 {stop}까지): 누적 최댓값 m = {m}; {first}; s = {s}',
 'true': '정답',
 'true class': '정답 클래스',
 'unexpected header in iris.csv: {header}': 'iris.csv의 헤더가 예상과 다릅니다: {header}',
 'values must be one-dimensional (the terms in order), got shape {shape}': 'values는 1차원(항을 순서대로 나열)이어야 합니다(받은 shape: {shape})',
 'waiting for the first epoch': '첫 에포크를 기다리는 중',
 "weight must be >= 0, got {value} for class {class_index}; PyTorch accepts a negative weight, but it turns gradient descent into ascent on that class's samples": 'weight는 0 이상이어야 합니다(클래스 '
                                                                                                                                                                   '{class_index}의 값: {value}). '
                                                                                                                                                                   'PyTorch는 음수 가중치를 받아들이지만, 그러면 그 '
                                                                                                                                                                   '클래스의 샘플에서는 경사 하강법이 상승으로 바뀝니다',
 'weight must be a real numeric array of C = {C} class weights, got dtype {dtype}': 'weight는 클래스 가중치 C = {C}개로 된 실수 배열이어야 합니다(받은 dtype: {dtype})',
 'weight must be finite, got {value} for class {class_index}': 'weight는 유한해야 합니다(클래스 {class_index}의 값: {value})',
 'weight must have shape (C,) = ({C},), got {shape}': 'weight는 shape (C,) = ({C},)여야 합니다(받은 shape: {shape})',
 'weight must have shape (C,) = ({C},), one weight per class, got shape {shape}': 'weight는 클래스마다 가중치 하나씩, shape (C,) = ({C},)여야 합니다(받은 shape: {shape})',
 'weight_decay must be >= 0 and finite, got {weight_decay}': 'weight_decay는 0 이상이고 유한해야 합니다(받은 값: {weight_decay})',
 'which output entry to highlight': '강조할 출력 원소',
 'with from_logits=False, x holds probabilities, which must be in [0, 1]; got {value} at flat index {index}; pass from_logits=True for logits': 'from_logits=False이면 x는 확률이므로 [0, 1] 안에 있어야 합니다. 평탄화 '
                                                                                                                                                '인덱스 {index}의 값이 {value}입니다. 로짓이면 from_logits=True를 '
                                                                                                                                                '넘기세요',
 "with reduction='none', dout must have shape (N,) = ({N},), got {shape}": "reduction='none'이면 dout은 shape (N,) = ({N},)여야 합니다(받은 shape: {shape})",
 "with reduction='none', forward() returned N = {N} losses, so backward() needs their upstream gradients: call backward(dout) with dout of shape ({N},)": "reduction='none'이면 forward()가 손실 N = {N}개를 "
                                                                                                                                                          '반환했으므로 backward()에는 그 상류 기울기가 필요합니다. shape '
                                                                                                                                                          '({N},)의 dout으로 backward(dout)를 호출하세요',
 'w{c}, the weight of class {c}': 'w{c}, 클래스 {c}의 가중치',
 'x - r: error, shapes {x_shape} and {r_shape} do not broadcast': 'x - r: 오류, 두 shape가 브로드캐스트되지 않습니다: {x_shape}, {r_shape}',
 "x - r: shape {shape}, no error, but WRONG: the (N,) result lines up with the columns, so row i's value is subtracted from column i": 'x - r: shape {shape}, 오류는 없지만 틀렸습니다: (N,) 결과가 열에 맞춰 정렬되어, 행 i의 '
                                                                                                                                       '값이 열 i에서 빠집니다',
 "x - r: shape {shape}, right: with one row, the (1,) result is that row's own value, subtracted from every entry of the row": 'x - r: shape {shape}, 맞습니다: 행이 하나이면 (1,) 결과가 그 행 자신의 값이고, 그 행의 모든 원소에서 '
                                                                                                                               '빠집니다',
 'x has shape {shape}: it is empty, there is no gradient to compute': 'x의 shape가 {shape}입니다. 비어 있으므로 계산할 기울기가 없습니다',
 'x has shape {shape}; r = {call} has shape <b>{result_shape}</b> &nbsp; ({outputs}; output #{index} = {value})<br>': 'x의 shape는 {shape}; r = {call}의 shape는 <b>{result_shape}</b> &nbsp; ({outputs}; '
                                                                                                                      '출력 #{index} = {value})<br>',
 'y = [{probs}] &nbsp; y - t = [{dlogits}] &nbsp; the true class gets y{k} - 1 = {true} &nbsp; sum of y - t = {total:g} (always 0)': 'y = [{probs}] &nbsp; y - t = [{dlogits}] &nbsp; 정답 클래스는 y{k} - 1 '
                                                                                                                                     '= {true} &nbsp; y - t의 합 = {total:g} (언제나 0)',
 '{given} was given without {missing}: pass both for a validation set, or neither': '{missing} 없이 {given}만 주어졌습니다. 검증 세트를 쓰려면 둘 다 주고, 아니면 둘 다 빼세요',
 '{labels_name} must be in 0 .. {last} for a model of {C} classes, got values from {labels_min} to {labels_max}': '클래스가 {C}개인 모델에서는 {labels_name}가 0 .. {last} 안에 있어야 합니다(받은 값의 범위: {labels_min} .. '
                                                                                                                  '{labels_max})',
 '{labels_name} must be integer class indices, got dtype {dtype}': '{labels_name}는 정수 클래스 인덱스여야 합니다(받은 dtype: {dtype})',
 '{layer}.backward() was called before forward(): call forward() first, backward() uses what it saved': '{layer}.backward()가 forward()보다 먼저 호출되었습니다. forward()를 먼저 호출하세요. backward()는 forward()가 저장한 '
                                                                                                        '값을 씁니다',
 '{names} and {last} (a tie)': '{names}, {last} (동률)',
 "{name} = {given:g} is outside the slider's range [{low:g}, {high:g}]: set to {value:g}": '{name} = {given:g}: 슬라이더의 범위 [{low:g}, {high:g}] 밖이라 {value:g}에 맞췄습니다',
 '{name} has shape {shape}: axis {axis} is empty, {empty}': '{name}의 shape가 {shape}입니다. axis {axis}의 길이가 0이라 {empty}',
 '{name} has shape {shape}: there are no classes': '{name}의 shape가 {shape}입니다. 클래스가 없습니다',
 '{name} has shape {shape}: there are no tokens': '{name}의 shape가 {shape}입니다. 토큰이 없습니다',
 '{name} holds {value}: an online softmax needs scores below +inf (a running max of +inf would rescale by inf - inf = nan); -inf is fine': '{name}에 {value} 값이 있습니다. 온라인 소프트맥스에는 +inf보다 작은 점수가 '
                                                                                                                                           '필요합니다(누적 최댓값이 +inf이면 inf - inf = nan으로 다시 스케일하게 됩니다). '
                                                                                                                                           '-inf는 괜찮습니다',
 '{name} holds {value}: give finite logits (-inf marks a token already removed)': '{name}에 {value} 값이 있습니다. 유한한 로짓을 주세요(-inf는 이미 제거된 토큰을 뜻합니다)',
 '{name} is a masked array; give a plain boolean array (True = keep)': '{name}는 마스크 배열입니다. 일반 불리언 배열(True = 유지)을 주세요',
 '{name} is a masked array; softmaxlab would silently drop its mask. Fill it first ({name}.filled(value)); to leave a class out of a softmax, give it the logit -inf': '{name}는 마스크 배열입니다. softmaxlab은 '
                                                                                                                                                                       '그 마스크를 조용히 버리게 됩니다. 먼저 '
                                                                                                                                                                       '채우세요({name}.filled(value)). '
                                                                                                                                                                       '소프트맥스에서 클래스를 빼려면 그 클래스에 로짓 '
                                                                                                                                                                       '-inf를 주세요',
 '{name} must be >= 0, got {n}': '{name}는 0 이상이어야 합니다(받은 값: {n})',
 '{name} must be >= 1, got {value}': '{name}는 1 이상이어야 합니다(받은 값: {value})',
 '{name} must be a number, got {value!r}': '{name}는 수여야 합니다(받은 값: {value!r})',
 '{name} must be a real numeric array (integer or float), got dtype {dtype}': '{name}는 실수 배열(정수 또는 float)이어야 합니다(받은 dtype: {dtype})',
 '{name} must be an OnlineSoftmaxState (m, s), got {state!r}': '{name}는 OnlineSoftmaxState (m, s)여야 합니다(받은 값: {state!r})',
 '{name} must be an int, got {n!r}': '{name}는 int여야 합니다(받은 값: {n!r})',
 '{name} must be an int, got {value!r}': '{name}는 int여야 합니다(받은 값: {value!r})',
 '{name} must be an integer, got {value!r}': '{name}는 정수여야 합니다(받은 값: {value!r})',
 "{name} must be boolean (True = keep, as PyTorch's scaled_dot_product_attention), got dtype {dtype}; an additive mask of 0 and -inf is not accepted: use mask = (additive == 0)": '{name}는 '
                                                                                                                                                                                   '불리언(PyTorch의 '
                                                                                                                                                                                   'scaled_dot_product_attention처럼 '
                                                                                                                                                                                   'True = 유지)이어야 '
                                                                                                                                                                                   '합니다(받은 dtype: '
                                                                                                                                                                                   '{dtype}). 0과 -inf로 '
                                                                                                                                                                                   '된 덧셈 마스크는 받지 않습니다: '
                                                                                                                                                                                   'mask = (additive '
                                                                                                                                                                                   '== 0)을 쓰세요',
 '{name} must be integers in 0 .. {last}, got {values}': '{name}는 0 .. {last} 안의 정수여야 합니다(받은 값: {values})',
 '{name} must have at least 1 dimension (a chunk of scores along the last axis), got a scalar': '{name}는 적어도 1차원(마지막 축을 따라 놓인 점수 청크)이어야 합니다. 스칼라를 받았습니다',
 '{name} must have at least 1 dimension, got a scalar; wrap it as [{name}]': '{name}는 적어도 1차원이어야 합니다. 스칼라를 받았습니다. [{name}]로 감싸세요',
 '{name} must have shape (C,) or (..., C), got a scalar': '{name}는 shape (C,) 또는 (..., C)여야 합니다. 스칼라를 받았습니다',
 '{name} must have shape (N, C) or (C,), got {shape}': '{name}는 shape (N, C) 또는 (C,)여야 합니다(받은 shape: {shape})',
 '{name} must have shape {dims}, got {shape}': '{name}는 shape {dims}여야 합니다(받은 shape: {shape})',
 '{name} of shape {logits_shape} is one sample: its class-index target must be a scalar or have shape (1,), got shape {targets_shape}': 'shape {logits_shape}의 {name}는 샘플 하나입니다. 그 클래스 인덱스 타깃은 스칼라이거나 '
                                                                                                                                        'shape (1,)여야 합니다(받은 shape: {targets_shape})',
 "{name} of shape {mask_shape} does not broadcast to the scores' shape {shape}": 'shape {mask_shape}의 {name}가 점수의 shape {shape}에 맞게 브로드캐스트되지 않습니다',
 "{name} of shape {mask_shape} would enlarge the scores' shape {shape}": 'shape {mask_shape}의 {name}가 점수의 shape({shape})를 키우게 됩니다',
 '{name}.m must be finite or -inf, got {m}': '{name}.m은 유한하거나 -inf여야 합니다(받은 값: {m})',
 '{name}.s must be >= 0, got {s}': '{name}.s는 0 이상이어야 합니다(받은 값: {s})',
 '{what} must be a list of numbers, got shape {shape}': '{what}는 수의 리스트여야 합니다(받은 shape: {shape})',
 '{what} must be finite numbers; entry {index} is {value}': '{what}는 유한한 수여야 합니다. {index}번 원소가 {value}입니다',
 '{what} {values}: the slider runs from {low:g} to {high:g}, so {value:g} would be clamped to {clamped:g}; pass values in that range': '{what} {values}: 슬라이더의 범위가 {low:g}부터 {high:g}까지라서 {value:g} 값은 '
                                                                                                                                       '{clamped:g}에 맞춰 잘립니다. 그 범위 안의 값을 주세요',
 '{what} {values}: the sliders run from {low:g} to {high:g}, so {value:g} would be clamped to {clamped:g}; pass values in that range': '{what} {values}: 슬라이더의 범위가 {low:g}부터 {high:g}까지라서 {value:g} 값은 '
                                                                                                                                       '{clamped:g}에 맞춰 잘립니다. 그 범위 안의 값을 주세요',
 '{x_name} has {N} samples but {labels_name} has {what}: one label per row of {x_name}': '{x_name}에는 샘플이 {N}개 있는데 {labels_name}의 크기는 {what}입니다. {x_name}의 행마다 레이블이 하나씩 있어야 합니다',
 '{x_name} has {features} features (columns) but the model was made for {D} (SoftmaxRegression(n_features={D}, ...))': '{x_name}에는 특성(열)이 {features}개 있는데 모델은 {D}개에 맞게 '
                                                                                                                       '만들어졌습니다(SoftmaxRegression(n_features={D}, ...))',
 '{x_name} must have shape (N, D), one row per sample, got {shape}': '{x_name}는 샘플마다 한 행씩, shape (N, D)여야 합니다(받은 shape: {shape})'}
PLURAL = {' ({n} row has a tie for the largest logit: the first of the tied classes is the prediction)': ' ({n}개 행에서 가장 큰 로짓이 동률입니다: 동률인 클래스 중 첫 번째를 예측으로 봅니다)', '{n} output': '출력 {n}개'}
