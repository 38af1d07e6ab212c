from transformers import AutoModel, pipeline
import os
MODEL = os.environ.get("MODEL_ID", "acme/default")
m1 = AutoModel.from_pretrained("./model")
m2 = AutoModel.from_pretrained("/opt/models/bert")
m3 = AutoModel.from_pretrained(MODEL)
m4 = AutoModel.from_pretrained(f"{ORG}/model")
m5 = AutoModel.from_pretrained("<your-org>/<model>")
m6 = AutoModel.from_pretrained("your-org/your-model")
m7 = AutoModel.from_pretrained("local/checkpoint")
# m8 = AutoModel.from_pretrained("acme/commented")
headers = {"Content-Type": "application/json", "Accept": "text/plain"}
p = pipeline("text-classification")
x = load_dataset("csv", data_files="data/train.csv")
def from_pretrained(cls, name="acme/default-arg"):
    pass
y = AutoModel.from_pretrained("models/weights.bin")
z = snapshot_download(repo_id="acme/thing", repo_type=REPO_TYPE)
w = AutoModel.from_pretrained("org/" + name)
