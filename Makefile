# Everything a new user needs: `make demo` (build the sample graph and answer questions), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= store

.PHONY: install demo test bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

install: $(BIN)/kg

demo: install
	$(BIN)/kg build data/ --store $(STORE)
	@echo; echo "== Who was excused at the meeting of 27 September 2022"
	$(BIN)/kg query excused-at-meeting --param date=2022-09-27 --store $(STORE)
	@echo; echo "== Who recused, and for which deliberations (members whose name contains GAUTHIER)"
	$(BIN)/kg query recusals --param name=GAUTHIER --store $(STORE)
	@echo; echo "== Attendance record of Bruno COUSEIN across the meetings"
	$(BIN)/kg query member-attendance --param "name=Bruno COUSEIN" --store $(STORE)
	@echo; echo "== Deliberations with votes against or abstentions, and the groups"
	$(BIN)/kg query votes-against-or-abstention --store $(STORE)
	@echo; echo "== Deliberations citing loi n°2020-1379"
	$(BIN)/kg query deliberations-citing --param text=2020-1379 --limit 5 --store $(STORE)
	@echo; echo "== The most-cited legal texts"
	$(BIN)/kg query most-cited-texts --limit 8 --store $(STORE)

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) $(STORE) *.egg-info

# Seconds and peak memory of every `kg export` format on N synthetic deliberations (default 100000): make bench-export N=10000
.PHONY: bench-export
bench-export: install
	$(BIN)/python bench/bench_export.py $(if $(N),--n $(N))

# The extraction scored as shared/gold/score.py scores it: on the samples, then on the development corpus;
# per file, per field, and last, for both, the record recall and micro F1 lines.
SHARED ?= ../shared
EVAL_OUT ?= $(or $(TMPDIR),/tmp)/kg-eval
.PHONY: eval
eval: install
	@mkdir -p $(EVAL_OUT)
	@echo "== Samples: $(SHARED)/seeds/"
	@$(BIN)/kg eval --gold $(SHARED)/gold/seeds.json $(SHARED)/seeds/ > $(EVAL_OUT)/samples.txt && cat $(EVAL_OUT)/samples.txt
	@echo; echo "== Development corpus: $(SHARED)/corpus/dev/"
	@$(BIN)/kg eval --gold $(SHARED)/corpus/dev-gold.json $(SHARED)/corpus/dev/ > $(EVAL_OUT)/corpus.txt && cat $(EVAL_OUT)/corpus.txt
	@echo; echo "== Summary"
	@echo "samples:"; tail -n 2 $(EVAL_OUT)/samples.txt
	@echo "corpus:"; tail -n 2 $(EVAL_OUT)/corpus.txt
