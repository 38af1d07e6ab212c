from transformers import AutoModel, AutoTokenizer, pipeline
from huggingface_hub import hf_hub_download, snapshot_download
from datasets import load_dataset

model = AutoModel.from_pretrained("acme/base-model", revision="0123456789abcdef0123456789abcdef01234567")
tok = AutoTokenizer.from_pretrained("acme/base-model")
clf = pipeline("text-classification", model="acme/classifier", revision="v1.2")
gen = pipeline("text-generation", "acme/generator")
path = hf_hub_download(repo_id="acme/weights", filename="model.safetensors", revision="89abcdef0123456789abcdef0123456789abcdef")
snap = snapshot_download(
    "acme/eval-set",
    repo_type="dataset",
    revision="fedcba9876543210fedcba9876543210fedcba98",
)
ds = load_dataset("acme/corpus", revision="1111111111111111111111111111111111111111")
demo = snapshot_download(repo_id="acme/demo-space", repo_type="space")
enc = AutoModelForSequenceClassification.from_pretrained(
    pretrained_model_name_or_path='acme/encoder',  # the encoder
)
