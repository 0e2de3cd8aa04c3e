#!/usr/bin/python3
"""Trains paperlink's digit recogniser (developer tool; not part of install, demo or tests).

Input: cells rendered through the real cell pipeline by scripts/render-digit-cells.ts (MNIST's 60,000 training
digits only; the 10,000 test digits are the validation and held-out halves and are never seen here).
Output: an ONNX file (input `x` [n,1,28,28] in 0..1 with 1 = ink, output `logits` [n,10]); the softmax temperature
and acceptance thresholds are fitted afterwards on the validation half by `node dist/scripts/tune-digits.js`.

Runs under Debian's /usr/bin/python3 with python3-torch (1.13, CPU) and python3-onnx:
  /usr/bin/python3 scripts/train_digits.py --data .digits-train --out models/digits-v2-a.onnx --seed 1 --epochs 6
Deterministic for a seed on one machine (single process, fixed thread count).
"""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class DigitNet(nn.Module):
    """Three convolutions with batch norm (5x5 32 | pool | 3x3 64 | pool | 3x3 128), dropout, one dense layer.

    About 125k parameters (0.5 MB as ONNX), ~6M multiply-adds: a page's cells batch at ~0.2 ms each on one thread,
    large enough to reach ~99.6 % on MNIST-style digits with augmentation (measured in shared/docs/measurements.md).
    """

    def __init__(self):
        super().__init__()

        def block(cin, cout, k=3, pad=1):
            return nn.Sequential(nn.Conv2d(cin, cout, k, padding=pad, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

        self.features = nn.Sequential(
            block(1, 32, k=5, pad=2), nn.MaxPool2d(2),
            block(32, 64), nn.MaxPool2d(2),
            block(64, 128, k=3, pad=0),
        )
        self.dropout = nn.Dropout(0.3)
        self.dense = nn.Linear(128 * 5 * 5, 10)

    def forward(self, x):
        x = self.features(x)
        return self.dense(self.dropout(torch.flatten(x, 1)))


def jitter(batch, gen):
    """Small random affine per cell on top of the rendered augmentation: ±8°, scale 0.9–1.1, shift ±1.5 px."""
    n = batch.shape[0]
    angle = (torch.rand(n, generator=gen) * 2 - 1) * math.radians(8)
    scale = 0.9 + torch.rand(n, generator=gen) * 0.2
    shear = (torch.rand(n, generator=gen) * 2 - 1) * 0.15
    tx = (torch.rand(n, generator=gen) * 2 - 1) * (1.5 / 14)
    ty = (torch.rand(n, generator=gen) * 2 - 1) * (1.5 / 14)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin + shear, tx], 1), torch.stack([sin, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, batch.shape, align_corners=False)
    return F.grid_sample(batch, grid, align_corners=False, padding_mode='zeros')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default='.digits-train')
    parser.add_argument('--out', required=True)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--epochs', type=int, default=6)
    parser.add_argument('--batch', type=int, default=256)
    parser.add_argument('--lr', type=float, default=3e-3)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--limit', type=int, default=0)
    parser.add_argument('--jitter', type=float, default=0.7, help='share of batches given the extra random affine')
    parser.add_argument('--init', default='', help='continue from these weights (a .pt file this script wrote)')
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    images = np.fromfile(f'{args.data}/train-images.u8', dtype=np.uint8).reshape(-1, 1, 28, 28)
    labels = np.fromfile(f'{args.data}/train-labels.u8', dtype=np.uint8)
    keep = labels < 10
    images, labels = images[keep], labels[keep].astype(np.int64)
    if args.limit:
        images, labels = images[: args.limit], labels[: args.limit]
    x_all = torch.from_numpy(images)
    y_all = torch.from_numpy(labels)
    n = len(y_all)
    print(f'{n} training cells', flush=True)

    model = DigitNet()
    if args.init:
        # Continuing a finished run with a fresh, lower one-cycle schedule is cheaper than starting again and
        # lets a run be extended when the first epochs show the net is still under-fitted.
        model.load_state_dict(torch.load(args.init))
        print(f'continuing from {args.init}', flush=True)
    steps_per_epoch = math.ceil(n / args.batch)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch)
    gen = torch.Generator().manual_seed(args.seed)
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(n, generator=gen)
        total_loss = 0.0
        correct = 0
        for step in range(steps_per_epoch):
            idx = order[step * args.batch:(step + 1) * args.batch]
            xb = x_all[idx].float() / 255.0
            xb = jitter(xb, gen) if torch.rand(1, generator=gen).item() < args.jitter else xb
            yb = y_all[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total_loss += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            if step % 100 == 0:
                print(f'  epoch {epoch + 1} step {step}/{steps_per_epoch} loss {loss.item():.4f} {time.time() - started:.0f} s', flush=True)
        print(f'epoch {epoch + 1}: loss {total_loss / n:.4f}, train accuracy {correct / n:.4%}, {time.time() - started:.0f} s', flush=True)

    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    # The weights first, so an export problem never costs the training run.
    torch.save(model.state_dict(), f'{args.out}.pt')
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(model, dummy, args.out, input_names=['x'], output_names=['logits'],
                      dynamic_axes={'x': {0: 'n'}, 'logits': {0: 'n'}}, opset_version=13)
    print(f'wrote {args.out} after {time.time() - started:.0f} s', flush=True)


if __name__ == '__main__':
    main()
