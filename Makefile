# softmaxlab: two commands are all a newcomer needs, `make lab` and `make test`.
# Everything installs into .venv from requirements.txt; a second run reinstalls only
# when requirements.txt or pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8888
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Jupyter refuses to run as root unless told; CI and containers often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-ui execute binder-check torch student slides html bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	@token=$$($(PY) -c "import secrets; print(secrets.token_hex(16))"); \
	echo; echo "  Open the course at: http://127.0.0.1:$(PORT)/lab/tree/notebooks/00-welcome.ipynb?token=$$token"; echo; \
	exec $(VENV)/bin/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
		--IdentityProvider.token=$$token --ServerApp.root_dir=$(CURDIR) \
		--ServerApp.default_url=/lab/tree/notebooks/00-welcome.ipynb

# Unit tests, package doctests, strict nbval on every notebook, notebook hygiene, browser test.
test: $(STAMP)
	$(PY) -m pytest tests src/softmaxlab notebooks --doctest-modules $(NBVAL)

test-ui: $(STAMP)
	$(PY) -m pytest tests/ui -v

# Re-execute every notebook in place (or only NB=notebooks/01-softmax.ipynb) and clean it.
execute: $(STAMP)
	$(PY) tools/execute_notebooks.py $(or $(NB),notebooks/*.ipynb)

# Classroom kit (docs/teaching.md). Student notebooks: solutions replaced as nbgrader does, outputs cleared.
student: $(STAMP)
	$(PY) tools/make_student.py --out build/student

# reveal.js slides of every notebook: build/slides/NN-topic.slides.html (+ notebooks/ for jupyterlab-rise).
slides: $(STAMP)
	$(PY) tools/make_slides.py --out build/slides

# Static HTML of the whole course with navigation: open build/html/index.html.
html: $(STAMP)
	$(PY) tools/make_html.py --out build/html

# Optional: PyTorch (a local CPU wheel on this machine) for the cross-check tests.
torch: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0

# Timings, not tests (never part of `make test`): prints them and writes docs/benchmarks.md and
# docs/benchmarks.png. NumPy and PyTorch run on 1 thread; PyTorch is optional (`make torch`).
bench: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 MPLBACKEND=Agg \
		$(PY) benchmarks/run_all.py --nbval-flags "$(NBVAL)"

# Replay what Binder (repo2docker) would install, in a throwaway venv, then run nbval there.
binder-check:
	rm -rf build/binder-venv
	$(PYTHON) -m venv build/binder-venv
	build/binder-venv/bin/python -c "import sys; v = 'python-%d.%d' % sys.version_info[:2]; \
		assert open('binder/runtime.txt').read().strip() == v, 'binder/runtime.txt does not match ' + v"
	build/binder-venv/bin/python -m pip install --quiet --disable-pip-version-check -r binder/requirements.txt
	build/binder-venv/bin/python -m pytest notebooks $(NBVAL)

clean:
	rm -rf $(VENV) build
