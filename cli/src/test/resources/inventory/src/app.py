from transformers import AutoModel
model = AutoModel.from_pretrained(
    "acme/support-llm", revision="0123456789abcdef0123456789abcdef01234567")
headers = {"Accept": "application/json"}
