# softmaxlab: two commands are all a newcomer needs, `make lab` and `make test`.
# Everything installs into .venv: requirements.txt (what the notebooks need: `make lab`), plus
# requirements-test.txt (test tools: `make test`). A second run reinstalls only what changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TESTS_STAMP := $(VENV)/.installed-tests
PORT   ?= 8888
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
ASSETS := build/assets/node_modules
AXE    := build/axe/node_modules
# The Python versions the course supports and tests (.ci/run): 3.11, 3.12 and 3.13.
SUPPORTED := import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)
# An existing .venv is reused only if its Python runs, is a supported version and has pip;
# otherwise (half-built, moved, made by another Python) it is removed and built again.
VENV_OK := $(shell test -x "$(PY)" && "$(PY)" -c "$(SUPPORTED); import pip" >/dev/null 2>&1 && echo yes)

.PHONY: lab lab-student test test-ui execute binder-check torch student student-edition slides html \
	assets bench clean venv venv-tests venv-rebuild

$(STAMP): requirements.txt pyproject.toml $(if $(VENV_OK),,venv-rebuild)
	test -x "$(PY)" || "$(PYTHON)" -m venv "$(VENV)"
	"$(PY)" -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch "$(STAMP)"

venv: $(STAMP)

# The test tools on top of the learner's set (pytest, nbval, hypothesis, playwright...).
$(TESTS_STAMP): $(STAMP) requirements-test.txt
	"$(PY)" -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch "$(TESTS_STAMP)"

venv-tests: $(TESTS_STAMP)

# Runs only when .venv is missing or unusable (VENV_OK above is empty).
venv-rebuild:
	@if [ -e "$(VENV)" ]; then \
		echo "$(VENV) is unusable ($$("$(PY)" --version 2>&1 | head -n 1 || echo 'no python')): the course needs Python 3.11, 3.12 or 3.13 with pip. Removing it and building it again."; \
		rm -rf "$(VENV)"; \
	fi
	@"$(PYTHON)" -c "$(SUPPORTED)" >/dev/null 2>&1 || { \
		echo "softmaxlab needs Python 3.11, 3.12 or 3.13 to build $(VENV), but $(PYTHON) is $$("$(PYTHON)" --version 2>&1 | head -n 1)."; \
		echo "Install one of them and name it, e.g.: make lab PYTHON=python3.12"; exit 1; }

# JupyterLab on notebooks/00-welcome.ipynb (the complete course, exercises solved). The URL is printed
# once the server answers on PORT; the token travels in the environment, never on the command line.
lab: $(STAMP)
	"$(PY)" tools/run_lab.py --port $(PORT) notebooks/00-welcome.ipynb

# The same on the learner's own copy of the student edition (exercises unsolved, what Binder and Colab open):
# my-work/, git-ignored, made once from student/ and never overwritten; course updates arrive beside it.
lab-student: $(STAMP)
	"$(PY)" tools/learner_copy.py
	"$(PY)" tools/run_lab.py --port $(PORT) my-work/00-welcome.ipynb

# Unit tests, package doctests, strict nbval on every notebook, notebook hygiene, browser test.
test: $(TESTS_STAMP) $(AXE)/.installed
	$(PY) -m pytest tests src/softmaxlab notebooks ko/notebooks --doctest-modules $(NBVAL) --ignore=tests/test_hub_e2e.py

test-ui: $(TESTS_STAMP) $(AXE)/.installed
	$(PY) -m pytest tests/ui -v

# axe-core, the accessibility engine of tests/ui/test_axe.py: the exact version of tests/ui/package.json
# and its lock file, from the npm registry into build/axe/.
.PHONY: axe
axe: $(AXE)/.installed

$(AXE)/.installed: tests/ui/package.json tests/ui/package-lock.json
	mkdir -p build/axe
	cp tests/ui/package.json tests/ui/package-lock.json build/axe/
	cd build/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Re-execute every notebook in place (or only NB=notebooks/01-softmax.ipynb) and clean it.
execute: $(TESTS_STAMP)
	$(PY) tools/execute_notebooks.py $(or $(NB),notebooks/*.ipynb)

# Classroom kit (docs/teaching.md). Student notebooks: solutions replaced as nbgrader does, outputs cleared.
student: $(TESTS_STAMP)
	$(PY) tools/make_student.py --out build/student

# The committed student edition (student/NN-topic.ipynb), regenerated from notebooks/ after any change
# there; tests/test_student_edition.py fails while it is stale.
student-edition: $(TESTS_STAMP)
	$(PY) tools/student_edition.py

# JavaScript for offline slides and pages (reveal.js, MathJax, require.js, jQuery), exact versions from
# tools/assets/package.json and its lock file, installed from the npm registry into build/assets/.
assets: $(ASSETS)/.installed

$(ASSETS)/.installed: tools/assets/package.json tools/assets/package-lock.json
	mkdir -p build/assets
	cp tools/assets/package.json tools/assets/package-lock.json build/assets/
	cd build/assets && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# reveal.js slides of every notebook: build/slides/NN-topic.slides.html (+ notebooks/ for jupyterlab-rise), the
# Korean edition's in build/slides/ko/, each deck linking to the other language's. They load their JavaScript from
# build/slides/vendor/, so they work with no network.
slides: $(TESTS_STAMP) $(ASSETS)/.installed
	$(PY) tools/make_slides.py --out build/slides --assets $(ASSETS) --korean ko/notebooks

# Static HTML of the whole course with navigation: open build/html/index.html (works offline too); the Korean
# edition in build/html/ko/ (index.html: 목차), every page linking to the same page in the other language.
html: $(TESTS_STAMP) $(ASSETS)/.installed
	$(PY) tools/make_html.py --out build/html --assets $(ASSETS) --korean ko/notebooks

# Optional: PyTorch (a local CPU wheel on this machine) for the cross-check tests.
torch: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0

# Timings, not tests (never part of `make test`): prints them and writes docs/benchmarks.md and
# docs/benchmarks.png, the browser's slider-to-redraw included (it runs tests/ui/test_browser.py; to
# reuse a fresh run instead: make bench BENCH_ARGS="--browser-json build/ui-timings.json").
# NumPy and PyTorch run on 1 thread; PyTorch is optional (`make torch`).
bench: $(TESTS_STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 MPLBACKEND=Agg \
		$(PY) benchmarks/run_all.py --nbval-flags "$(NBVAL)" $(BENCH_ARGS)

# Replay what Binder (repo2docker) would install, in a throwaway venv, then run nbval there.
binder-check:
	rm -rf build/binder-venv
	$(PYTHON) -m venv build/binder-venv
	build/binder-venv/bin/python -c "import sys; v = 'python-%d.%d' % sys.version_info[:2]; \
		assert open('binder/runtime.txt').read().strip() == v, 'binder/runtime.txt does not match ' + v"
	build/binder-venv/bin/python -m pip install --quiet --disable-pip-version-check -r binder/requirements.txt
	build/binder-venv/bin/python -m pip install --quiet --disable-pip-version-check \
		$$(grep -E '^(pytest|nbval)==' requirements-test.txt)
	build/binder-venv/bin/python -m pytest notebooks $(NBVAL)

clean:
	rm -rf $(VENV) build

# Mutation testing of every exercise checker (tools/mutants.py, issue 25): slips and learners' strategies of each
# reference solution must be rejected unless equivalent. Writes docs/checkers.md and build/mutants/report.md.
# MUTANTS_ARGS="--only 13 06-2" for some exercises, "--jobs 2" for two workers.
.PHONY: mutants
mutants: $(STAMP)
	$(PY) tools/mutants.py $(MUTANTS_ARGS)

# Grade a whole class with nbgrader, every submission in its own bubblewrap sandbox, in parallel
# (docs/teaching.md, section 6): make grade COURSE=build/nbgrader ASSIGNMENT=01-softmax [GRADE_ARGS="--wall 300"]
.PHONY: grade
grade: $(STAMP)
	@test -n "$(COURSE)" -a -n "$(ASSIGNMENT)" || { echo "usage: make grade COURSE=DIR ASSIGNMENT=NN-topic"; exit 2; }
	$(PY) tools/grade_class.py "$(COURSE)" "$(ASSIGNMENT)" --jobs 2 $(GRADE_ARGS)

# The Korean edition (issue 30; locale/ko/TRANSLATING.md): the catalogues must follow the English notebooks
# (extract --check names each changed English sentence), then ko/notebooks/ and ko/student/ are written from the
# complete catalogues (tools/i18n.py apply) and the Korean notebooks executed as `make execute` does.
.PHONY: korean
korean: $(TESTS_STAMP)
	$(PY) tools/i18n.py extract --check
	$(PY) tools/i18n.py apply
	$(PY) tools/execute_notebooks.py ko/notebooks/*.ipynb

# The class hub end to end (issue 29, item 4; tests/test_hub_e2e.py): 20 students and an instructor made as Unix
# users (removed after), the hub of classroom/ on 127.0.0.1, nbgrader's exchange, sandboxed grading, both CSVs.
# As root, on Debian with python3-venv, nodejs, npm and bubblewrap; the students' venv (Debian's python3, readable
# by every user) is built once into build/hub-venv. About 4 minutes on 2 cores. `make test` collects it too (it is in
# tests/) unless its pytest line gets --ignore=tests/test_hub_e2e.py.
.PHONY: test-hub
test-hub: $(TESTS_STAMP)
	$(PY) -m pytest tests/test_hub_e2e.py -v -s -p no:cacheprovider
