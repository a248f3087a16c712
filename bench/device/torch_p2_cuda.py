"""The P2 Transformer (d 10, 5 heads, 7 layers, FF 1024, dropout 0.1, post-LayerNorm with eps 6e-3,
embedding times sqrt(d), no positional encoding, linear head) trained with AdamW on batches of 128
sequences of 257 positions, and greedy decoding of 256 prompts (SOS and 8 symbols, 64 tokens, the
whole prefix run again at each step), in plain PyTorch on one device: the side-by-side figures of
bench/device/run. Prints one JSON line."""
import argparse
import json
import math
import statistics
import time

import torch
from torch import nn


class Transformer(nn.Module):
    def __init__(self, vocab, d, heads, layers, ff, dropout):
        super().__init__()
        self.d = d
        self.embedding = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout, activation="relu", layer_norm_eps=6e-3,
                                           batch_first=True, norm_first=False)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab)

    def forward(self, tokens):
        length = tokens.shape[1]
        mask = torch.triu(torch.full((length, length), float("-inf"), device=tokens.device), diagonal=1)
        x = self.embedding(tokens) * math.sqrt(self.d)
        return self.head(self.encoder(x, mask=mask))


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cuda")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--positions", type=int, default=257)
    p.add_argument("--prompts", type=int, default=256)
    p.add_argument("--gen-tokens", type=int, default=64)
    a = p.parse_args()
    device = torch.device(a.device)
    torch.manual_seed(0)
    model = Transformer(5, 10, 5, 7, 1024, 0.1).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    tokens = torch.randint(0, 5, (a.batch_size, a.positions + 1), device=device)
    times = []
    for step in range(a.warmup + a.steps):
        synchronize(device)
        t0 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        logits = model(tokens[:, :-1])
        loss = nn.functional.cross_entropy(logits.reshape(-1, 5), tokens[:, 1:].reshape(-1))
        loss.backward()
        optimizer.step()
        synchronize(device)
        if step >= a.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    model.eval()
    prompts = torch.randint(3, 5, (a.prompts, 9), device=device)
    prompts[:, 0] = 0
    with torch.no_grad():
        synchronize(device)
        g0 = time.perf_counter()
        sequence = prompts
        for _ in range(a.gen_tokens):
            next_token = model(sequence)[:, -1].argmax(-1, keepdim=True)
            sequence = torch.cat([sequence, next_token], dim=1)
        synchronize(device)
        seconds = time.perf_counter() - g0
    print(json.dumps({"framework": "pytorch " + torch.__version__, "device": str(device),
                      "gpu": torch.cuda.get_device_name(0) if device.type == "cuda" else "",
                      "params": sum(p.numel() for p in model.parameters()), "step_ms_median": statistics.median(times),
                      "gen_prompts_per_s": a.prompts / seconds, "final_train_loss": loss.item()}))


if __name__ == "__main__":
    main()
