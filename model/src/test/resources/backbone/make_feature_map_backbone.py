"""Makes tiny-feature-map-backbone.pt: a tiny TorchScript feature extractor ending in a pooled map, for offline tests.

Input [N, 3, H, W] (any H, W >= 8), output [N, 16, 1, 1]: the shape DJL's resnet18_embedding gives (a ResNet with
its fc layer removed but not its flatten), only much smaller. Deterministic (seed 1).
Run: /usr/bin/python3 make_feature_map_backbone.py   (Debian: apt-get install python3-torch)
"""
import torch
from torch import nn

torch.manual_seed(1)

net = nn.Sequential(
    nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1)).eval()
with torch.no_grad():
    traced = torch.jit.trace(net, torch.zeros(1, 3, 32, 32))
traced.save("tiny-feature-map-backbone.pt")
print("features for a zero 32x32 image:", traced(torch.zeros(1, 3, 32, 32)).shape)
